package catalog

import (
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"govmedia"
)

// MaxItems bounds one version: the largest county catalogs hold a few
// hundred items a domain; 20,000 leaves room and keeps a mistake in check.
const MaxItems = 20000

// maxText bounds one column of an item.
const maxText = 2000

// Normalize tidies an item as stored: spaces trimmed, sets in the
// template's order without repeats.
func (it *Item) Normalize() {
	for _, s := range []*string{&it.Level1, &it.Level2, &it.Content, &it.Basis, &it.Deadline, &it.Subject, &it.ChannelsOther} {
		*s = strings.Join(strings.Fields(*s), " ")
	}
	it.Channels = inOrderOf(it.Channels, Channels)
	it.Audiences = inOrderOf(it.Audiences, []Audience{Society, Specific})
	it.Modes = inOrderOf(it.Modes, []Mode{Proactive, OnRequest})
	it.Levels = inOrderOf(it.Levels, []Level{CountyLevel, TownshipLevel, VillageLevel})
}

// inOrderOf keeps the members of set that are in order, in that order, once.
func inOrderOf[T comparable](set, order []T) []T {
	out := []T{}
	for _, v := range order {
		if slices.Contains(set, v) {
			out = append(out, v)
		}
	}
	return out
}

// Key identifies an item across versions: its first- and second-level
// names, as the template and the diff name it.
func (it Item) Key() string { return it.Level1 + "\x00" + it.Level2 }

// Name is how messages name an item: "一级事项 · 二级事项".
func (it Item) Name() string {
	switch {
	case it.Level1 == "":
		return it.Level2
	case it.Level2 == "" || it.Level2 == it.Level1:
		return it.Level1
	}
	return it.Level1 + " · " + it.Level2
}

// validate checks an item on its own; row is its place, for the errors.
func (it Item) validate(row int) govmedia.FieldErrors {
	var errs govmedia.FieldErrors
	add := func(column, key string, args ...any) {
		errs = append(errs, govmedia.FieldError{Row: row, Column: column, Err: govmedia.Errorf(govmedia.EINVALID, key, args...)})
	}
	if it.Level1 == "" && it.Level2 == "" {
		add("公开事项", "catalog.item_name_required")
	}
	if it.Content == "" {
		add("公开内容（要素）", "catalog.item_content_required")
	}
	if len(it.Modes) == 0 {
		add("公开方式", "catalog.item_mode_required")
	}
	if len(it.Levels) == 0 {
		add("公开层级", "catalog.item_level_required")
	}
	for column, s := range map[string]string{"一级事项": it.Level1, "二级事项": it.Level2, "公开内容（要素）": it.Content,
		"公开依据": it.Basis, "公开时限": it.Deadline, "公开主体": it.Subject, "公开渠道和载体": it.ChannelsOther} {
		if utf8.RuneCountInString(s) > maxText {
			add(column, "catalog.item_too_long", "max", maxText)
		}
	}
	return errs
}

// checkItems normalizes and numbers a version's items and returns every
// problem: each
// item on its own, an item named twice, too many items.
func checkItems(items []Item) error {
	if len(items) > MaxItems {
		return govmedia.Errorf(govmedia.EINVALID, "catalog.too_many_items", "max", MaxItems)
	}
	var errs govmedia.FieldErrors
	seen := map[string]int{}
	for i := range items {
		items[i].Normalize()
		items[i].Seq = i + 1 // numbered as stored, whatever the file's numbering
		errs = append(errs, items[i].validate(i+1)...)
		if first, dup := seen[items[i].Key()]; dup {
			errs = append(errs, govmedia.FieldError{Row: i + 1, Column: "公开事项",
				Err: govmedia.Errorf(govmedia.EINVALID, "catalog.item_twice", "name", items[i].Name(), "first", first)})
		} else {
			seen[items[i].Key()] = i + 1
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// itemsHash fingerprints a version's items as stored (normalized), so that
// the same items imported twice are known for the same.
func itemsHash(items []Item) []byte {
	raw, err := json.Marshal(items)
	if err != nil {
		panic(err) // items are plain strings and lists
	}
	sum := sha256.Sum256(raw)
	return sum[:]
}
