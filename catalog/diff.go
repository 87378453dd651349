package catalog

import (
	"slices"
	"sort"
	"strings"
)

// ChangeKind is how an item differs between two versions.
type ChangeKind string

// The kinds of change.
const (
	Added   ChangeKind = "added"
	Changed ChangeKind = "changed"
	Removed ChangeKind = "removed"
	Moved   ChangeKind = "moved"
)

// Change is one item's difference between two versions: added, removed,
// changed field by field, or moved to another place among the others.
type Change struct {
	Kind   ChangeKind    `json:"kind"`
	Item   Item          `json:"item"`             // the item as it is now (as it was, when removed)
	Fields []FieldChange `json:"fields,omitempty"` // what changed, column by column
	Moved  bool          `json:"moved,omitempty"`  // a changed item that also moved
	From   int           `json:"from,omitempty"`   // its place before (1-based), 0 when added
	To     int           `json:"to,omitempty"`     // its place now, 0 when removed
}

// FieldChange is one column's old and new value.
type FieldChange struct {
	Column string `json:"column"`
	Old    string `json:"old"`
	New    string `json:"new"`
}

// Diff lists what changed from old to new, in the new version's order with
// the removed items after. Items are matched by their names (Key); an item
// is moved when it is out of the longest run of items the two versions
// keep in the same order.
func Diff(old, new []Item) []Change {
	oldAt := map[string]int{}
	for i, it := range old {
		oldAt[it.Key()] = i
	}
	kept := inOrder(old, new, oldAt)
	var out []Change
	newKeys := map[string]bool{}
	for i, it := range new {
		newKeys[it.Key()] = true
		j, ok := oldAt[it.Key()]
		if !ok {
			out = append(out, Change{Kind: Added, Item: it, To: i + 1})
			continue
		}
		fields, moved := fieldChanges(old[j], it), !kept[it.Key()]
		switch {
		case len(fields) > 0:
			out = append(out, Change{Kind: Changed, Item: it, Fields: fields, Moved: moved, From: j + 1, To: i + 1})
		case moved:
			out = append(out, Change{Kind: Moved, Item: it, From: j + 1, To: i + 1})
		}
	}
	for j, it := range old {
		if !newKeys[it.Key()] {
			out = append(out, Change{Kind: Removed, Item: it, From: j + 1})
		}
	}
	return out
}

// inOrder returns the keys of the longest sequence of items that both
// versions hold in the same order (a longest increasing subsequence of the
// old places, in the new order: O(n log n) for 5,000 items).
func inOrder(old, new []Item, oldAt map[string]int) map[string]bool {
	var places []int // old places of the new items that were there before
	var keys []string
	for _, it := range new {
		if j, ok := oldAt[it.Key()]; ok {
			places, keys = append(places, j), append(keys, it.Key())
		}
	}
	tails, prev := []int{}, make([]int, len(places)) // tails[k]: index into places ending a run of k+1
	for i, p := range places {
		k := sort.Search(len(tails), func(k int) bool { return places[tails[k]] >= p })
		prev[i] = -1
		if k > 0 {
			prev[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := map[string]bool{}
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			out[keys[i]] = true
		}
	}
	return out
}

// fieldChanges compares two items column by column (their names, which
// match them, aside).
func fieldChanges(a, b Item) []FieldChange {
	var out []FieldChange
	for _, c := range []struct {
		column   string
		old, new string
	}{
		{"公开内容（要素）", a.Content, b.Content},
		{"公开依据", a.Basis, b.Basis},
		{"公开时限", a.Deadline, b.Deadline},
		{"公开主体", a.Subject, b.Subject},
		{"公开渠道和载体", channelsText(a), channelsText(b)},
		{"公开对象", joined(a.Audiences), joined(b.Audiences)},
		{"公开方式", joined(a.Modes), joined(b.Modes)},
		{"公开层级", joined(a.Levels), joined(b.Levels)},
	} {
		if c.old != c.new {
			out = append(out, FieldChange{Column: c.column, Old: c.old, New: c.new})
		}
	}
	return out
}

// channelsText renders an item's channels, its free text after them.
func channelsText(it Item) string {
	s := joined(it.Channels)
	if it.ChannelsOther != "" {
		s = strings.TrimPrefix(s+"；"+it.ChannelsOther, "；")
	}
	return s
}

func joined[T ~string](list []T) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = string(v)
	}
	return strings.Join(parts, "、")
}

// Counts says how many changes of each kind a diff holds.
func Counts(changes []Change) map[ChangeKind]int {
	out := map[ChangeKind]int{}
	for _, c := range changes {
		out[c.Kind]++
	}
	return out
}

// sameItems reports whether two lists hold the same items in the same order.
func sameItems(a, b []Item) bool {
	return slices.EqualFunc(a, b, func(x, y Item) bool { return x.Key() == y.Key() && len(fieldChanges(x, y)) == 0 })
}
