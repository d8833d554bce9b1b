package fleet

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/profile"
)

// Shard is one of Count replicas' share of an inventory: the sites whose
// name hashes to Index. The hash is of the name alone, so a site stays
// with its replica whatever else the inventory holds, and n replicas
// given the same inventory take every site exactly once.
type Shard struct {
	Index, Count int // 0 <= Index < Count
}

// ParseShard reads "i/n" (0-based, as a Kubernetes StatefulSet's pod
// ordinal is).
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("want i/n, e.g. 0/3 (this replica's ordinal from 0, and the number of replicas)")
	}
	index, err1 := strconv.Atoi(strings.TrimSpace(i))
	count, err2 := strconv.Atoi(strings.TrimSpace(n))
	switch {
	case err1 != nil || err2 != nil:
		return Shard{}, fmt.Errorf("want i/n with whole numbers, e.g. 0/3")
	case count < 1:
		return Shard{}, fmt.Errorf("the number of replicas must be at least 1")
	case index < 0 || index >= count:
		return Shard{}, fmt.Errorf("the replica's ordinal must be from 0 to %d", count-1)
	}
	return Shard{Index: index, Count: count}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Owns says whether the site named name is this shard's: FNV-1a of the
// name, modulo the count.
func (s Shard) Owns(name string) bool {
	if s.Count <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()%uint64(s.Count) == uint64(s.Index)
}

// Select returns the sites this shard owns, in their order.
func (s Shard) Select(sites []profile.InventorySite) []profile.InventorySite {
	var out []profile.InventorySite
	for _, site := range sites {
		if s.Owns(site.Name()) {
			out = append(out, site)
		}
	}
	return out
}
