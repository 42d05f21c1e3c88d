/*
 * DMA ownership of one IOMMU group, as drivers/iommu/iommu.c of the
 * series implements it, checked exhaustively with spin for NDEV devices
 * and NOWN owners (scripts/model).
 *
 * Every operation of the IOMMU core runs under the group's mutex, so each
 * is one atomic step here. The driver core runs the steps of one device
 * in order (it holds the device lock); devices and owners interleave
 * freely. A device process binds a DMA API driver (really_probe(): the
 * bus's ->dma_configure() uses the default domain, a later step may fail
 * and ->dma_cleanup() unuses it, or the driver stays bound until unbind),
 * binds a driver_managed_dma driver (which counts nothing), or leaves its
 * group and joins it again, also while bound. An owner claims, nests a
 * second claim, attaches and detaches its own domain and releases.
 *
 * Checked in every reachable state (proctype monitor):
 *  - never a DMA API driver bound in an owned group;
 *  - unowned, the count is the number of counted devices in the group;
 *    owned, it is the owner's claims and no device is counted;
 *  - an owned group is never on its default domain;
 * and at the end that the count, the owner and the domain are back.
 *
 * A planted mistake (spin -D...) must make the check fail:
 *  BUG_USE_IGNORES_OWNER	use counts even while an owner holds the group
 *  BUG_REMOVE_KEEPS_COUNT	a device leaving its group stays counted
 *  BUG_DETACH_TO_DEFAULT	detaching the owner's domain restores the
 *				default domain instead of the blocking one
 */

#define NDEV	3
#define NOWN	2
#define ROUNDS	2

/* Domains */
#define DEFAULT		0
#define BLOCKING	1
#define OWNED_DOMAIN(o)	(1 + (o))	/* owners are 1 .. NOWN */

byte owner_cnt;
byte owner;			/* 0: none */
byte domain = DEFAULT;
bool in_group[NDEV];
bool counted[NDEV];		/* group_device.dma_api_user */
bool dma_api_bound[NDEV];	/* a DMA API driver is bound */
bool joined_bound[NDEV];	/* joined the group while bound */
byte claims[NOWN + 1];
byte finished;

/* iommu_device_use_default_domain() */
inline use(d, ok)
{
	atomic {
		assert(!counted[d]);
		if
		:: !in_group[d] -> ok = true
#ifdef BUG_USE_IGNORES_OWNER
		:: in_group[d] -> owner_cnt++; counted[d] = true; ok = true
#else
		:: in_group[d] && owner != 0 -> ok = false
		:: in_group[d] && owner == 0 ->
			owner_cnt++; counted[d] = true; ok = true
#endif
		fi
	}
}

/* iommu_device_unuse_default_domain() */
inline unuse(d)
{
	atomic {
		if
		:: in_group[d] && counted[d] ->
			assert(owner_cnt > 0);
			owner_cnt--; counted[d] = false
		:: else -> skip
		fi
	}
}

/* iommu_group_remove_device() */
inline leave_group(d)
{
	atomic {
#ifndef BUG_REMOVE_KEEPS_COUNT
		if
		:: counted[d] -> assert(owner_cnt > 0); owner_cnt--
		:: else -> skip
		fi
#endif
		counted[d] = false;
		in_group[d] = false
	}
}

/* iommu_group_add_device() */
inline join_group(d)
{
	atomic {
		in_group[d] = true;
		joined_bound[d] = dma_api_bound[d]
	}
}

/* iommu_group_claim_dma_owner() */
inline claim(o, ok)
{
	atomic {
		if
		:: owner_cnt > 0 && owner != o -> ok = false
		:: owner_cnt > 0 && owner == o ->
			owner_cnt++; claims[o]++; ok = true
		:: owner_cnt == 0 && domain != DEFAULT -> ok = false
		:: owner_cnt == 0 && domain == DEFAULT ->
			domain = BLOCKING; owner = o; owner_cnt = 1;
			claims[o]++; ok = true
		fi
	}
}

/* iommu_group_release_dma_owner() */
inline release(o)
{
	atomic {
		assert(owner == o && owner_cnt > 0 && claims[o] > 0);
		owner_cnt--; claims[o]--;
		if
		:: owner_cnt == 0 -> owner = 0; domain = DEFAULT
		:: else -> skip
		fi
	}
}

/* iommu_attach_group() and iommu_detach_group() by the owner */
inline attach_own(o)
{
	atomic {
		if
		:: owner == o && domain == BLOCKING -> domain = OWNED_DOMAIN(o)
		:: else -> skip
		fi
	}
}

inline detach_own(o)
{
	atomic {
		if
		:: owner == o && domain == OWNED_DOMAIN(o) ->
#ifdef BUG_DETACH_TO_DEFAULT
			domain = DEFAULT
#else
			domain = BLOCKING
#endif
		:: else -> skip
		fi
	}
}

proctype device(byte d)
{
	byte r;
	bool ok;

	for (r : 1 .. ROUNDS) {
		if
		:: true ->	/* bind a DMA API driver */
			use(d, ok);
			if
			:: ok ->
				if
				:: true ->	/* a later step of really_probe() fails */
					unuse(d)
				:: true ->	/* bound until unbind */
					dma_api_bound[d] = true;
					if
					:: true -> leave_group(d); join_group(d)
					:: true -> skip
					fi;
					dma_api_bound[d] = false;
					joined_bound[d] = false;
					unuse(d)
				fi
			:: else -> skip
			fi
		:: true ->	/* bind a driver_managed_dma driver */
			skip
		:: true ->	/* hot-unplugged and found again */
			leave_group(d); join_group(d)
		fi
	}
	finished++
}

proctype owner_proc(byte o)
{
	byte r;
	bool ok, again;

	for (r : 1 .. ROUNDS) {
		claim(o, ok);
		if
		:: ok ->
			if
			:: true -> claim(o, again);
				if
				:: again -> release(o)
				:: else -> skip
				fi
			:: true -> skip
			fi;
			if
			:: true -> attach_own(o); detach_own(o)
			:: true -> attach_own(o)	/* released with it on */
			:: true -> skip
			fi;
			release(o)
		:: else -> skip
		fi
	}
	finished++
}

/* The invariants, checked in every state the monitor may run in. */
active proctype monitor()
{
	byte d, users;

	atomic {
		users = 0;
		for (d : 0 .. NDEV - 1) {
			if
			:: in_group[d] && counted[d] -> users++
			:: else -> skip
			fi;
			/* A driver bound before its device joined was never
			 * counted; the series does not claim to cover it. */
			assert(owner == 0 || !in_group[d] || !dma_api_bound[d] ||
			       joined_bound[d])
		}
		if
		:: owner == 0 -> assert(owner_cnt == users)
		:: else -> assert(users == 0 && owner_cnt == claims[owner]);
			assert(domain != DEFAULT)
		fi
	}
}

init
{
	byte i;

	atomic {
		for (i : 0 .. NDEV - 1) {
			in_group[i] = true
		}
		for (i : 0 .. NDEV - 1) {
			run device(i)
		}
		for (i : 1 .. NOWN) {
			run owner_proc(i)
		}
	}
	finished == NDEV + NOWN;
	assert(owner_cnt == 0 && owner == 0 && domain == DEFAULT);
	for (i : 0 .. NDEV - 1) {
		assert(!counted[i])
	}
}
