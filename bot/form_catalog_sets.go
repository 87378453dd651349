package bot

import (
	"strings"

	"govmedia/catalog"
)

// The set columns of an item are ticked on buttons: the form keeps the
// ticks as strings (Ticked) while the question stands, and sets the item's
// typed set from them when Done is pressed.

// setValues are each set column's options, in the template's order.
var setValues = map[string][]string{
	"公开渠道和载体": strs(catalog.Channels),
	"公开对象":    strs([]catalog.Audience{catalog.Society, catalog.Specific}),
	"公开方式":    strs([]catalog.Mode{catalog.Proactive, catalog.OnRequest}),
	"公开层级":    strs([]catalog.Level{catalog.CountyLevel, catalog.TownshipLevel, catalog.VillageLevel}),
}

func strs[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

func typed[T ~string](list []string) []T {
	out := make([]T, len(list))
	for i, v := range list {
		out[i] = T(v)
	}
	return out
}

// setColumn is a set column's options and where its ticks are kept.
func setColumn(col string) (func(*request, *form) []option, func(*form) *[]string) {
	opts := func(*request, *form) []option {
		var out []option
		for _, v := range setValues[col] {
			out = append(out, option{v, v})
		}
		return out
	}
	return opts, func(f *form) *[]string { return &f.CatalogItem.Ticked }
}

// tickedOf is a set column's values in an item, as ticks.
func tickedOf(it catalog.Item, col string) []string {
	switch col {
	case "公开渠道和载体":
		return strs(it.Channels)
	case "公开对象":
		return strs(it.Audiences)
	case "公开方式":
		return strs(it.Modes)
	case "公开层级":
		return strs(it.Levels)
	}
	return nil
}

// setFromTicked sets a set column of an item from its ticks, and clears
// them for the next question.
func setFromTicked(it *catalog.Item, col string, ticked []string) {
	switch col {
	case "公开渠道和载体":
		it.Channels = typed[catalog.Channel](ticked)
	case "公开对象":
		it.Audiences = typed[catalog.Audience](ticked)
	case "公开方式":
		it.Modes = typed[catalog.Mode](ticked)
	case "公开层级":
		it.Levels = typed[catalog.Level](ticked)
	}
}

// currentColumn renders a column of an item ("—" when empty).
func currentColumn(it catalog.Item, col string) string {
	if at, ok := itemTextColumns[col]; ok {
		if v := *at(&it); v != "" {
			return v
		}
		return "—"
	}
	if v := strings.Join(tickedOf(it, col), "、"); v != "" {
		return v
	}
	return "—"
}
