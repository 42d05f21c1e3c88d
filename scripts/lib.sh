# shellcheck shell=bash
# Shared helpers for the scripts in this directory: paths, logging,
# tool installation and the kernel tree in the cache. Sourced, not run.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPTS="$REPO_ROOT/scripts"

# Everything large lives in the cache, outside the repository, so a fresh
# clone reuses it and a fresh machine rebuilds it: one directory per
# stack, and the downloads and ccache shared. Its real path, as make and
# the compiler print it: a cache reached through a symbolic link must not
# hide the files its builds read (build_reads).
CACHE_DIR=$(realpath -m "${DMA_OWNER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dma-owner-series}")
DOWNLOAD_DIR="$CACHE_DIR/download"
STACKS_DIR="$SCRIPTS/stacks"

BASE_REF=dma-owner/base			# branch holding the base commit
SERIES_BRANCH=dma-owner/series		# branch the series is applied on

# stack_names: every stack, mainline first.
stack_names() {
	local f
	echo mainline
	for f in "$STACKS_DIR"/*.conf; do
		f=$(basename "$f" .conf)
		[[ "$f" == mainline ]] || echo "$f"
	done
}

# load_stack NAME: make NAME the stack the scripts work on: its facts
# (scripts/stacks/NAME.conf), its files in the repository and its kernel
# tree and builds in the cache. Scripts run from here inherit it.
load_stack() {
	local name=$1
	[[ -f "$STACKS_DIR/$name.conf" ]] ||
		die "no stack '$name'; the stacks are: $(stack_names | xargs)"
	# shellcheck source=stacks/mainline.conf
	source "$STACKS_DIR/$name.conf"
	STACK=$name
	STACK_CACHE="$CACHE_DIR/$name"
	STACK_FRAGMENTS="$STACKS_DIR/$name"
	BASE_TARBALL=linux_$BASE_VERSION.orig.tar.xz
	KTREE=$(realpath -m "${DMA_OWNER_KTREE:-$STACK_CACHE/linux}")
	BUILD_ROOT="$STACK_CACHE/build"
	# The base tree's builds are as deep below it as the stack's below
	# the stack's tree (build_dir).
	BASE_TREE="$STACK_CACHE/base/linux"
	BASE_BUILD_ROOT="$STACK_CACHE/base/build"
	SCRATCH="$STACK_CACHE/scratch"
	# Overridable so that the self-tests can check a throwaway series.
	SERIES_FILE=${DMA_OWNER_SERIES_FILE:-$REPO_ROOT/$STACK_SERIES}
	PATCH_DIR=${DMA_OWNER_PATCH_DIR:-$REPO_ROOT/$STACK_PATCHES}
	COVER_LETTER="$REPO_ROOT/$STACK_COVER"
	RESULT_PREFIX="[$name] "
	export DMA_OWNER_STACK=$name
}

PATCH_AUTHOR="DMA Ownership Series <dma-owner@example.org>"

_t0=$(date +%s)
CLK_TCK=$(getconf CLK_TCK)

elapsed() { minutes $(($(date +%s) - _t0)); }

# minutes SECONDS: SECONDS as elapsed() prints a time.
minutes() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# children_cpu VAR: set VAR to the CPU time, user and system, in whole
# seconds, that this shell's children have used and it has waited for
# (not printed: in a command substitution, that would be another shell).
children_cpu() {
	local stat fields
	read -r stat <"/proc/$BASHPID/stat"
	read -r -a fields <<<"${stat##*) }"
	printf -v "$1" '%d' $(((fields[13] + fields[14]) / CLK_TCK))
}

log() { printf '[%s] %s\n' "$(elapsed)" "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# usage_from_header FILE: print the leading comment block of a script.
usage_from_header() {
	sed -n '2,/^[^#]/{/^#/!q;s/^# \{0,1\}//;p}' "$1"
}

# common_options "$@": the options every script takes: -h/--help prints
# its usage and exits, --stack NAME selects the stack (and sets
# STACK_CHOSEN). The other arguments are left in ARGS, in order, for the
# script's own parsing.
STACK_CHOSEN=
common_options() {
	ARGS=()
	while (($#)); do
		case "$1" in
		-h | --help)
			usage_from_header "$0"
			exit 0
			;;
		--stack)
			[[ -n "${2:-}" ]] || die "--stack needs a name: $(stack_names | xargs)"
			load_stack "$2"
			STACK_CHOSEN=1
			shift 2
			;;
		*)
			ARGS+=("$1")
			shift
			;;
		esac
	done
}

# need CMD:PACKAGE...: install the Debian packages for missing commands.
need() {
	local spec cmd pkg missing=()
	for spec in "$@"; do
		cmd=${spec%%:*}
		pkg=${spec#*:}
		if [[ "$cmd" == /* ]]; then
			[[ -e "$cmd" ]] || missing+=("$pkg")
		elif ! command -v "$cmd" >/dev/null 2>&1; then
			missing+=("$pkg")
		fi
	done
	((${#missing[@]})) || return 0
	install_packages "${missing[@]}"
}

install_packages() {
	local sudo=()
	if ((EUID != 0)); then
		command -v sudo >/dev/null 2>&1 ||
			die "missing Debian packages: $*; install them as root (apt-get install $*)"
		sudo=(sudo)
	fi
	log "installing Debian packages: $*"
	if [[ ! -e "$CACHE_DIR/.apt-updated" ]]; then
		"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq ||
			die "apt-get update failed; install by hand: apt-get install $*"
		mkdir -p "$CACHE_DIR" && touch "$CACHE_DIR/.apt-updated"
	fi
	# Wait for another apt or dpkg run rather than fail on its lock.
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
		-o DPkg::Lock::Timeout=600 \
		--no-install-recommends "$@" >/dev/null ||
		die "could not install: $*; try: apt-get install $*"
}

# Tools every kernel build needs.
need_build_tools() {
	need gcc:gcc make:make flex:flex bison:bison bc:bc perl:perl \
		python3:python3 xz:xz-utils git:git \
		/usr/include/libelf.h:libelf-dev \
		/usr/include/openssl/ssl.h:libssl-dev
}

# ktree_git ARGS: git in the kernel tree.
ktree_git() { git -C "$KTREE" "$@"; }

require_ktree() {
	ktree_git rev-parse --verify -q "$BASE_REF^{commit}" >/dev/null ||
		die "no base tree at $KTREE; run scripts/get-base first"
}

# Points at the branch tip that last matched patches/ (set by apply and
# export); a branch that moved past it holds the user's unexported work.
SYNCED_REF=refs/dma-owner/synced

# series_patches: the patch files named in the series file, in order.
series_patches() {
	local line
	while IFS= read -r line || [[ -n "$line" ]]; do
		line=${line%%#*}
		line=${line//[[:space:]]/}
		[[ -n "$line" ]] || continue
		[[ -f "$PATCH_DIR/$line" ]] ||
			die "$SERIES_FILE names $line, which is not in $PATCH_DIR"
		printf '%s\n' "$PATCH_DIR/$line"
	done <"$SERIES_FILE"
}

# ktree_clean: refuse to touch a tree with local changes or an am/rebase.
ktree_clean() {
	[[ ! -d "$(ktree_git rev-parse --git-path rebase-apply)" ]] ||
		die "$KTREE has a git am or rebase in progress; finish or abort it first"
	[[ ! -d "$(ktree_git rev-parse --git-path rebase-merge)" ]] ||
		die "$KTREE has a rebase in progress; finish or abort it first"
	ktree_git diff --quiet HEAD -- ||
		die "$KTREE has uncommitted changes; commit or stash them first"
}

# A work tree of the base commit ($BASE_TREE), for the scripts that
# build the base beside the series (scripts/e2e, scripts/pahole); made
# once.

base_tree() {
	# Its place before it moved beside its builds, and those builds.
	if [[ -e "$STACK_CACHE/base-tree/.git" ]]; then
		log "removing the base work tree's old place $STACK_CACHE/base-tree"
		ktree_git worktree remove --force "$STACK_CACHE/base-tree"
		rm -rf "$BUILD_ROOT"/{e2e,css-loop,docs}-base "$BUILD_ROOT"/pahole-base-*
	fi
	if [[ ! -e "$BASE_TREE/.git" ]]; then
		log "creating the base work tree $BASE_TREE (once)"
		ktree_git worktree prune
		ktree_git worktree add -q --detach "$BASE_TREE" "$BASE_REF"
	fi
	[[ "$(git -C "$BASE_TREE" rev-parse HEAD)" == "$(ktree_git rev-parse "$BASE_REF")" ]] ||
		die "$BASE_TREE is not at $BASE_REF; remove it and run again"
}

# build_dir SIDE NAME: the build directory NAME of the base tree (SIDE
# base) or of the stack's tree (any other SIDE). Both lie at the same
# relative path from their tree, which ccache, given CCACHE_BASEDIR, puts
# in the place of the absolute ones: an object the stack does not change
# is then compiled once for the two kernels.
build_dir() {
	if [[ "$1" == base ]]; then
		printf '%s/%s\n' "$BASE_BUILD_ROOT" "$2"
	else
		printf '%s/%s\n' "$BUILD_ROOT" "$2"
	fi
}

# The scratch tree ($SCRATCH) is a second work tree of the kernel repository where
# patches are applied with git am. The main tree then only checks out the
# result, so files that did not change keep their timestamps and builds
# stay incremental.

scratch_git() { git -C "$SCRATCH" "$@"; }

scratch_reset() {
	worktree_at "$SCRATCH" "$1"
}

# worktree_at DIR REV: DIR, a work tree of the kernel repository made
# once and kept (switching it costs the files that differ, making it the
# whole kernel), at REV detached, with nothing else in it.
worktree_at() {
	local dir=$1 rev=$2
	if [[ ! -e "$dir/.git" ]]; then
		log "creating the work tree $dir (once)"
		ktree_git worktree prune
		ktree_git worktree add -q --detach "$dir" "$rev"
	fi
	git -C "$dir" am --abort >/dev/null 2>&1 || true
	git -C "$dir" checkout -q -f --detach "$rev"
	git -C "$dir" clean -q -fdx
}

# am_patch TREE FILE K N: apply one patch in TREE exactly (no fuzz, no
# three-way merge). On failure name the patch and the hunks, abort the am
# and return 1.
am_patch() {
	local tree=$1 file=$2 k=$3 n=$4 out
	if out=$(git -C "$tree" -c user.name=dma-owner -c user.email=dma-owner@invalid \
		am --keep-cr "$file" 2>&1); then
		return 0
	fi
	git -C "$tree" am --abort >/dev/null 2>&1 || true
	printf 'error: [%d/%d] %s does not apply:\n' "$k" "$n" "$(basename "$file")" >&2
	grep -E '^(error|Patch failed)' <<<"$out" | sed 's/^/  /' >&2 || true
	printf '  to refresh it: scripts/apply --upto %d; in %s: git am -3 %s,\n' \
		"$((k - 1))" "$KTREE" "$file" >&2
	printf '  resolve, git am --continue, git am the rest, then scripts/export\n' >&2
	return 1
}

# with_lock CMD...: one script at a time per stack's kernel tree; the
# scripts it runs inherit the lock.
with_lock() {
	lock_stack
	"$@"
}

# lock_stack: hold the stack's lock until this process ends; the scripts
# it starts know from DMA_OWNER_LOCKED that they have it.
lock_stack() {
	[[ " ${DMA_OWNER_LOCKED:-} " != *" $STACK "* ]] || return 0
	local fd
	mkdir -p "$STACK_CACHE"
	exec {fd}>"$STACK_CACHE/.lock"
	flock -n "$fd" || { log "waiting for another script using $KTREE"; flock "$fd"; }
	export DMA_OWNER_LOCKED="${DMA_OWNER_LOCKED:-} $STACK"
}

# format_patches OUTDIR RANGE: write RANGE as patch files in OUTDIR. The
# user's and the system's git configuration are ignored and the diff
# options pinned, so the same commits give the same bytes on any machine.
format_patches() {
	local outdir=$1 range=$2
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
		git -C "$KTREE" -c core.abbrev=12 -c diff.renames=true \
		-c diff.algorithm=myers format-patch -q --no-numbered \
		--zero-commit --no-signature --stat=72 -o "$outdir" "$range" >/dev/null
}

# branch_matches_patches REV: does BASE_REF..REV export to patches/?
branch_matches_patches() {
	local rev=$1 tmp rc=0 ours
	tmp=$(mktemp -d)
	format_patches "$tmp" "$BASE_REF..$rev"
	ours=$(series_patches | xargs -r -n1 basename)
	if [[ "$(cd "$tmp" && ls)" != "$ours" ]]; then
		rc=1
	else
		(cd "$tmp" && for f in *; do cmp -s "$f" "$PATCH_DIR/$f" || exit 1; done) || rc=1
	fi
	rm -rf "$tmp"
	return "$rc"
}

# Object builds: one configured output directory per architecture, with
# ccache, so that rebuilding a state seen before costs little.
JOBS=${JOBS:-$(nproc)}
export CCACHE_DIR=${CCACHE_DIR:-$CACHE_DIR/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# Paths below it are hashed relative to the build directory (build_dir).
CCACHE_BASEDIR=${CCACHE_BASEDIR:-$CACHE_DIR}
# Depend mode: a miss runs the compiler once, where the default mode
# runs the preprocessor first; that made a cold UML kernel cost 44% more
# CPU than without ccache (316 s against 219 s), depend mode none more.
export CCACHE_BASEDIR CCACHE_DEPEND=${CCACHE_DEPEND:-1}
# Stable build stamps keep ccache hits across machines and runs.
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2025"
export KBUILD_BUILD_USER=dma-owner KBUILD_BUILD_HOST=build

# What scripts give kunit.py: the compilers of arch_make_args um, so
# that kunit.py and uml_build do not rebuild what the other made.
KUNIT_MAKE_OPTIONS=(--make_options "CC=ccache gcc" --make_options "HOSTCC=ccache gcc")

# arch_make_args ARCH: the make arguments for an architecture (powerpc
# is 32-bit, for the Freescale PCI host bridge driver).
arch_make_args() {
	case "$1" in
	x86_64) printf '%s\n' ARCH=x86_64 "CC=ccache gcc" ;;
	i386) printf '%s\n' ARCH=i386 "CC=ccache gcc" ;;
	arm64) printf '%s\n' ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		"CC=ccache aarch64-linux-gnu-gcc" ;;
	powerpc) printf '%s\n' ARCH=powerpc CROSS_COMPILE=powerpc-linux-gnu- \
		"CC=ccache powerpc-linux-gnu-gcc" ;;
	s390) printf '%s\n' ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- \
		"CC=ccache s390x-linux-gnu-gcc" ;;
	um) printf '%s\n' ARCH=um "CC=ccache gcc" ;;
	*) die "unknown architecture '$1'" ;;
	esac
	# The host programs (kconfig, modpost, objtool, dtc...) too: every
	# build directory makes its own, the same ones.
	printf '%s\n' "HOSTCC=ccache gcc"
}

# arch_defconfig ARCH: the configuration the object builds start from.
arch_defconfig() {
	case "$1" in
	powerpc) echo mpc85xx_smp_defconfig ;;
	*) echo defconfig ;;
	esac
}

need_arch_tools() {
	need_build_tools
	need ccache:ccache
	case "$1" in
	arm64) need aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu ;;
	powerpc) need powerpc-linux-gnu-gcc:gcc-powerpc-linux-gnu ;;
	s390) need s390x-linux-gnu-gcc:gcc-s390x-linux-gnu ;;
	esac
}

# kmake DIR ARCH ARGS...: make in the kernel tree with O=DIR.
kmake() {
	local dir=$1 arch=$2 args
	shift 2
	mapfile -t args < <(arch_make_args "$arch")
	make -C "$KTREE" -s O="$dir" "${args[@]}" -j"$JOBS" "$@"
}

# configure DIR ARCH SRC INPUT...: make DIR's .config for ARCH from the
# files INPUT, one after the other, with olddefconfig in the kernel tree
# SRC. Skipped when the same input made the .config that is there, in a
# tree with the same Kconfig files: its timestamp then does not make
# make run the configuration again, some seconds a call (and check-
# patches makes one per patch and architecture). False if olddefconfig
# failed.
configure() {
	local dir=$1 arch=$2 src=$3 key
	shift 3
	key=$({ cat "$@"; echo "$arch"; git -C "$src" ls-files -s -- '*Kconfig*'
		git -C "$src" diff HEAD -- '*Kconfig*'; } | sha256sum | cut -c1-64)
	if [[ -f "$dir/.config" && -f "$dir/.config.key" ]] &&
		[[ "$(cat "$dir/.config.key")" == "$key $(sha256sum <"$dir/.config" | cut -c1-64)" ]]; then
		return 0
	fi
	rm -f "$dir/.config.key"
	cat "$@" >"$dir/.config"
	KTREE=$src kmake "$dir" "$arch" olddefconfig >/dev/null 2>&1 || return 1
	echo "$key $(sha256sum <"$dir/.config" | cut -c1-64)" >"$dir/.config.key"
}

# object_dir ARCH: a configured output directory for ARCH: defconfig
# plus scripts/stacks/NAME/ARCH.config, applied again on every call because
# the series adds symbols of its own; a symbol the tree does not have yet
# is dropped by olddefconfig, and an unchanged config rebuilds nothing.
object_dir() {
	local arch=$1 dir="$BUILD_ROOT/$1" frag="$STACK_FRAGMENTS/$1.config" fresh=
	need_arch_tools "$arch"
	mkdir -p "$dir"
	if [[ ! -f "$dir/.config.defconfig" ]]; then
		log "configuring $arch in $dir"
		kmake "$dir" "$arch" "$(arch_defconfig "$arch")" >/dev/null
		cp "$dir/.config" "$dir/.config.defconfig"
		fresh=1
	fi
	configure "$dir" "$arch" "$KTREE" "$dir/.config.defconfig" "$frag" ||
		die "make olddefconfig failed for $arch in $dir"
	# A fresh directory builds what every object needs (arm64's vDSO, for
	# one) with the first object, whose warnings they would become; and
	# the tree before a patch would not build them again.
	if [[ -n "$fresh" ]]; then
		log "preparing $arch in $dir"
		kmake "$dir" "$arch" W=1 C=1 prepare >/dev/null 2>&1 || true
	fi
	printf '%s\n' "$dir"
}

# including_source FILE: the .c file that builds FILE; itself, unless
# another file of its directory #includes it (as iommu.c its KUnit test).
including_source() {
	local src=$1 dir base
	dir=$(dirname "$src")
	base=$(basename "$src")
	grep -lsF "#include \"$base\"" "$KTREE/$dir"/*.c | head -1 | sed "s#^$KTREE/##" ||
		true
}

# object_arch FILE: the architecture a source file is built for: arm64
# for amba, fsl-mc, cdx and the drivers that only build there, powerpc
# and s390 for their own code, x86_64 for the rest.
object_arch() {
	case "$1" in
	drivers/amba/* | drivers/bus/fsl-mc/* | drivers/cdx/* | drivers/vfio/platform/* | \
		drivers/vfio/fsl-mc/* | drivers/vfio/cdx/* | drivers/vfio/pci/hisilicon/* | \
		drivers/vfio/pci/nvgrace-gpu/*)
		echo arm64 ;;
	arch/powerpc/*) echo powerpc ;;
	arch/s390/* | drivers/s390/* | drivers/vfio/pci/ism/*) echo s390 ;;
	*) echo x86_64 ;;
	esac
}

# Check results. tally STATUS COUNT NAME counts COUNT results at once (the
# cases of a KUnit run) and adds them to $RESULTS_FILE, which scripts/test
# sums; record STATUS NAME is one check, printed as PASS or FAIL.
PASSED=0 FAILED=0
tally() {
	local status=$1 count=$2
	shift 2
	((count > 0)) || return 0
	if [[ "$status" == pass ]]; then
		PASSED=$((PASSED + count))
	else
		FAILED=$((FAILED + count))
	fi
	[[ -z "${RESULTS_FILE:-}" ]] ||
		printf '%s %d %s%s\n' "$status" "$count" "$RESULT_PREFIX" "$*" >>"$RESULTS_FILE"
}

record() {
	local status=$1
	shift
	if [[ "$status" == pass ]]; then printf 'PASS %s%s\n' "$RESULT_PREFIX" "$*"; else
		printf 'FAIL %s%s\n' "$RESULT_PREFIX" "$*"
	fi
	tally "$status" 1 "$@"
}

# summary: the closing line of a checking script; its exit status.
summary() {
	printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
	((FAILED == 0))
}

# results_init: collect the results of the scripts run from here on in
# a file of their own ($RESULTS_FILE), for results_total.
results_init() {
	RESULTS_FILE=$(mktemp)
	export RESULTS_FILE
	trap 'rm -f "$RESULTS_FILE"' EXIT
}

# results_total: name every failed check and print "N passed, N failed"
# summed over all the scripts run since results_init; false if any
# check failed.
results_total() {
	awk '$1 == "fail" { for (i = 3; i <= NF; i++) printf "%s%s", $i, (i < NF ? " " : "\n") }' \
		"$RESULTS_FILE" | sort -u | sed 's/^/FAIL /'
	awk '$1 == "pass" { p += $2 } $1 == "fail" { f += $2 }
		END { printf "%d passed, %d failed\n", p, f }' "$RESULTS_FILE"
	! grep -q '^fail' "$RESULTS_FILE"
}

# stacks_to_run ARGS...: the stacks a script that covers all of them
# works on (STACKS): the one --stack chose, else all; options for
# get-base (ARGS) only make sense with --stack.
stacks_to_run() {
	STACKS=("$STACK")
	if [[ -z "$STACK_CHOSEN" ]]; then
		(($# == 0)) || die "get-base options ($*) need --stack NAME"
		mapfile -t STACKS < <(stack_names)
	fi
}

# build_reads DIR FILE...: does the kernel build in DIR, as last made,
# read one of FILE (relative to the kernel tree): a source or header its
# .cmd files name, or any Kconfig or Makefile (which may add to it)? A
# .cmd file names a file by its absolute path, or relative to DIR where
# ccache rewrote the compiler's list of headers (CCACHE_BASEDIR).
build_reads() {
	local dir=$1 rel f
	shift
	rel=$(realpath -m --relative-to="$dir" "$KTREE")
	for f in "$@"; do
		case "${f##*/}" in Kconfig* | Makefile* | Kbuild*) return 0 ;; esac
		! grep -rqF --include='.*.cmd' -e "$KTREE/$f" -e "$rel/$f" "$dir" || return 0
	done
	return 1
}

# kunit_dir KUNITCONFIG: the UML build directory of a kunitconfig file.
kunit_dir() { printf '%s/kunit-%s\n' "$BUILD_ROOT" "$(basename "$1" .kunitconfig)"; }

# kunit_tally NAME OUTPUT: count the cases of kunit.py's summary line in
# the file OUTPUT as the results of NAME, and print them; false (nothing
# counted) if OUTPUT has no summary line. kunit.py of 5.10 says "N tests
# run. F failed. C crashed."; later ones "Ran N tests: passed: P, ...".
# Only a passed case counts as passed: skipped, crashed and failed ones
# count as failures.
kunit_tally() {
	local name=$1 line total passed failed crashed
	line=$(grep -oE 'Testing complete\. ([0-9]+ tests run\. [0-9]+ failed\. [0-9]+ crashed\.|Ran [0-9]+ tests?: .*)' \
		"$2" | tail -1 || true)
	[[ -n "$line" ]] || return 1
	if [[ "$line" =~ Ran\ ([0-9]+)\ tests? ]]; then
		total=${BASH_REMATCH[1]}
		passed=0
		[[ ! "$line" =~ passed:\ ([0-9]+) ]] || passed=${BASH_REMATCH[1]}
	else
		read -r total failed crashed < <(tr -cd '0-9 ' <<<"${line#Testing complete. }" | xargs)
		passed=$((total - failed - crashed))
	fi
	((total > 0)) || record fail "$name: no test ran"
	tally pass "$passed" "$name"
	tally fail $((total - passed)) "$name"
	printf '%s: %d tests, %d passed, %d not passed\n' "$name" "$total" "$passed" \
		$((total - passed))
}

# kernel_log_splats LOG: print the WARN, BUG (KASAN's too), oops, lockdep
# and kmemleak reports of a kernel log, with line numbers; false if there
# are none. A test that provokes a WARN on purpose brackets it with
# "expected WARN follows" and "expected WARN done": the WARN must be
# inside, and a bracket without one is reported too.
kernel_log_splats() {
	awk '/expected WARN follows/ { inside = 1; seen = 0; next }
		/expected WARN done/ {
			if (!seen) print FNR ": expected WARN did not fire"
			inside = 0; next
		}
		inside { if (/WARNING:/) seen = 1; next }
		{ print FNR ": " $0 }' "$1" |
		grep -E 'WARNING:|BUG:|Oops|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: lockdep|unreferenced object|suspected memory leak|expected WARN did not fire'
}

# kmemleak_objects LOG [FUNCTION...]: the objects of the kmemleak report
# in LOG (between "kmemleak: report begins" and "kmemleak: report ends"),
# one line each: "base" or "leak", the address, the size and the first
# function of the allocation backtrace below the allocator. An object is
# "base" when a FUNCTION is in its backtrace: a leak the base kernel
# already has, which the stack's configuration names. False if LOG has
# no whole report.
kmemleak_objects() {
	local log=$1
	shift
	awk -v base="$*" '
		function flush() {
			if (addr != "")
				print (isbase ? "base" : "leak"), addr, size, (first == "" ? "?" : first)
			addr = ""
		}
		BEGIN { n = split(base, b, " "); for (i = 1; i <= n; i++) known[b[i]] = 1 }
		/^kmemleak: report begins/ { inside = 1; begun = 1; next }
		/^kmemleak: report ends/ { flush(); inside = 0; ended = 1; next }
		!inside { next }
		/^unreferenced object/ {
			flush()
			addr = $3; size = $5; sub(/\).*/, "", size)
			isbase = 0; first = ""
			next
		}
		addr != "" && /^ +(\[<[^>]*>\] )?[A-Za-z_][A-Za-z0-9_.]*\+0x/ {
			fn = $NF
			sub(/\+0x.*/, "", fn)
			if (fn in known) isbase = 1
			if (first == "" && fn !~ /^(kmemleak_|slab_post_alloc_hook|__kmalloc|kmalloc|kmem_cache_alloc|__kmem_cache_alloc|kmem_cache_create|__kmem_cache_create|krealloc|kzalloc|kvmalloc|__kvmalloc|kstrdup|kmemdup|kvasprintf|kasprintf|__do_kmalloc|__alloc_pages|alloc_pages|__vmalloc|vmalloc|__get_free_pages|alloc_slab|new_slab|allocate_slab|___slab_alloc|__slab_alloc)/)
				first = fn
		}
		END { flush(); exit !(begun && ended) }' "$log"
}

# kmemleak_check NAME LOG OUT: the kmemleak report in LOG lists no object
# but the base kernel's (the stack's KMEMLEAK_BASE); recorded as NAME's,
# the objects go to OUT.
kmemleak_check() {
	local name=$1 log=$2 out=$3 leaks
	if ! kmemleak_objects "$log" "${KMEMLEAK_BASE[@]}" >"$out"; then
		record fail "$name: kmemleak printed its whole report"
		return
	fi
	leaks=$(grep -c '^leak ' "$out" || true)
	log "$name: kmemleak: $leaks leaked objects, $(grep -c '^base ' "$out" || true)" \
		"of the base kernel's (${KMEMLEAK_BASE[*]:-none named})"
	if ((leaks)); then
		grep '^leak ' "$out" | head -20 | sed 's/^/  /'
		record fail "$name: kmemleak finds no leak but the base kernel's"
	else
		record pass "$name: kmemleak finds no leak but the base kernel's"
	fi
}

# uml_build KUNITCONFIG: build the UML kernel of a kunitconfig in its
# kunit.py build directory, configured as kunit.py configures it (the
# tree's UML options, where it has them, then the kunitconfig), so that
# neither build makes the other's start over. Symbols the tree does not
# have yet (at the early patches) are dropped by olddefconfig; kunit.py
# itself is stricter.
uml_build() {
	local cfg=$1 dir arch_cfg="$KTREE/tools/testing/kunit/configs/arch_uml.config"
	dir=$(kunit_dir "$cfg")
	need_arch_tools um
	mkdir -p "$dir"
	cp "$cfg" "$dir/.kunitconfig"
	[[ -f "$arch_cfg" ]] || arch_cfg=/dev/null
	configure "$dir" um "$KTREE" "$arch_cfg" "$cfg" || die "make olddefconfig failed in $dir"
	kmake "$dir" um
}

# tiny_kernel SRC DIR ARCH FRAGMENT TARGET: make TARGET of the kernel
# source tree SRC in DIR, configured as ARCH's tinyconfig plus FRAGMENT;
# every value FRAGMENT sets must survive olddefconfig. On a failed build
# print the end of its log (DIR/build.log) and return 1.
tiny_kernel() {
	local src=$1 dir=$2 arch=$3 frag=$4 target=$5 sym
	need_arch_tools "$arch"
	mkdir -p "$dir"
	if [[ ! -f "$dir/.config.tiny" ]]; then
		KTREE=$src kmake "$dir" "$arch" tinyconfig >/dev/null
		cp "$dir/.config" "$dir/.config.tiny"
	fi
	configure "$dir" "$arch" "$src" "$dir/.config.tiny" "$frag" ||
		die "make olddefconfig failed in $dir"
	while read -r sym; do
		grep -qxF "$sym" "$dir/.config" ||
			die "${sym%%=*} did not survive olddefconfig in $dir; fix $frag"
	done < <(grep '^CONFIG_[A-Z0-9_]*=' "$frag")
	if ! KTREE=$src kmake "$dir" "$arch" "$target" >"$dir/build.log" 2>&1; then
		tail -30 "$dir/build.log" | sed 's/^/  /' >&2
		return 1
	fi
}

load_stack "${DMA_OWNER_STACK:-mainline}"
