package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/catalog"
)

// catalogItemForm holds the answers of a form that adds, changes or
// removes one item of a government's catalog, into its draft.
type catalogItemForm struct {
	Org    string       `json:"org"`
	Domain string       `json:"domain,omitempty"`
	Action string       `json:"action,omitempty"` // add, change, remove
	Key    string       `json:"key,omitempty"`    // the item changed or removed
	Column string       `json:"column,omitempty"` // change: the column edited
	Item   catalog.Item `json:"item"`             // the item added, or as changed
	Ticked []string     `json:"ticked,omitempty"` // a set column's ticks while it is asked
}

// itemTextColumns are the columns typed as text, each with its place in
// an Item; the others are ticked from their options.
var itemTextColumns = map[string]func(*catalog.Item) *string{
	"一级事项":     func(it *catalog.Item) *string { return &it.Level1 },
	"二级事项":     func(it *catalog.Item) *string { return &it.Level2 },
	"公开内容（要素）": func(it *catalog.Item) *string { return &it.Content },
	"公开依据":     func(it *catalog.Item) *string { return &it.Basis },
	"公开时限":     func(it *catalog.Item) *string { return &it.Deadline },
	"公开主体":     func(it *catalog.Item) *string { return &it.Subject },
}

// itemColumns are every column, in the template's order.
var itemColumns = []string{"一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级"}

// addSteps are the questions of a new item, by column.
var addSteps = map[string]string{"一级事项": "level1", "二级事项": "level2", "公开内容（要素）": "content", "公开依据": "basis",
	"公开时限": "deadline", "公开主体": "subject", "公开渠道和载体": "channels", "公开对象": "audiences", "公开方式": "modes", "公开层级": "levels"}

func init() {
	defs := map[string]stepDef{
		"domain": {prompt: askPlain("bot.citem.ask_domain"), options: itemDomainOptions, accept: acceptItemDomain},
		"action": {prompt: askPlain("bot.citem.ask_action"), options: itemActionOptions, accept: acceptItemAction},
		"which":  {prompt: askWhichItem, accept: acceptWhichItem},
		"column": {prompt: askPlain("bot.citem.ask_column"), options: itemColumnOptions, accept: acceptItemColumn},
		"value":  {delegate: itemValueDef},
	}
	for _, col := range itemColumns {
		defs[addSteps[col]] = columnDef(col)
	}
	formKinds["catalog_item"] = &formKind{steps: itemSteps, defs: defs, summary: itemSummary, finish: finishItem, fields: itemFields}
	onButton("ce", (*request).onEditCatalog)
}

func itemSteps(_ *request, f *form) []string {
	switch f.CatalogItem.Action {
	case "change":
		return []string{"domain", "action", "which", "column", "value"}
	case "remove":
		return []string{"domain", "action", "which"}
	}
	steps := []string{"domain", "action"}
	for _, col := range itemColumns {
		steps = append(steps, addSteps[col])
	}
	return steps
}

// itemFields are what an item's summary offers to change: each column of
// a new item, the column changed, or the item removed.
func itemFields(r *request, f *form) []field {
	switch f.CatalogItem.Action {
	case "change":
		return []field{{Label: govmedia.Print(r.lang, "bot.citem.field_item"), From: "which", Through: "which"},
			{Label: govmedia.Print(r.lang, "bot.citem.field_column"), From: "column", Through: "value"}}
	case "remove":
		return []field{{Label: govmedia.Print(r.lang, "bot.citem.field_item"), From: "which", Through: "which"}}
	}
	var out []field
	for _, col := range itemColumns {
		out = append(out, field{Label: col, From: addSteps[col], Through: addSteps[col]})
	}
	return out
}

func askPlain(key string) func(*request, *form) string {
	return func(r *request, _ *form) string { return tr(r.lang, key) }
}

// onEditCatalog starts editing the member's government's catalog: "ce:".
func (r *request) onEditCatalog([]string) {
	if r.cat == nil {
		r.staleButton()
		return
	}
	gov, err := r.cat.GovernmentOf(r.ctx, r.member)
	if err == nil {
		err = catalog.CheckEdit(r.ctx, r.db, r.member, gov.Code)
	}
	if err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	r.startForm(&form{Kind: "catalog_item", CatalogItem: &catalogItemForm{Org: gov.Code}})
}

func itemDomainOptions(r *request, _ *form) []option {
	list, _ := r.reg.Domains(r.ctx)
	out := make([]option, len(list))
	for i, d := range list {
		out[i] = option{d.Code, d.Name}
	}
	return out
}

func acceptItemDomain(r *request, f *form, a answer) error {
	if _, err := r.cat.EditableItems(r.ctx, r.editor(), f.CatalogItem.Org, a.Text); err != nil {
		return err
	}
	f.CatalogItem.Domain = a.Text
	return nil
}

func (r *request) editor() catalog.Editor {
	return catalog.Editor{Actor: r.member.Actor(), Member: r.member}
}

func itemActionOptions(r *request, _ *form) []option {
	return []option{{"add", tr(r.lang, "bot.citem.add")}, {"change", tr(r.lang, "bot.citem.change")}, {"remove", tr(r.lang, "bot.citem.remove")}}
}

func acceptItemAction(_ *request, f *form, a answer) error {
	f.CatalogItem.Action = a.Text
	return nil
}

// askWhichItem lists the items, numbered, for the clerk to type one.
func askWhichItem(r *request, f *form) string {
	items, _ := r.cat.EditableItems(r.ctx, r.editor(), f.CatalogItem.Org, f.CatalogItem.Domain)
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = fmt.Sprintf("%d. %s", i+1, esc(it.Name()))
	}
	lines, _ = fitList(r.lang, lines)
	return tr(r.lang, "bot.citem.ask_which") + "\n" + strings.Join(lines, "\n")
}

func acceptWhichItem(r *request, f *form, a answer) error {
	items, err := r.cat.EditableItems(r.ctx, r.editor(), f.CatalogItem.Org, f.CatalogItem.Domain)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(a.Text))
	if err != nil || n < 1 || n > len(items) {
		return govmedia.Errorf(govmedia.EINVALID, "bot.citem.bad_number", "max", len(items))
	}
	f.CatalogItem.Key, f.CatalogItem.Item = items[n-1].Key(), items[n-1]
	return nil
}

func itemColumnOptions(_ *request, _ *form) []option {
	out := make([]option, len(itemColumns))
	for i, c := range itemColumns {
		out[i] = option{addSteps[c], c}
	}
	return out
}

func acceptItemColumn(_ *request, f *form, a answer) error {
	f.CatalogItem.Column = a.Text
	for _, col := range itemColumns {
		if addSteps[col] == a.Text {
			f.CatalogItem.Ticked = tickedOf(f.CatalogItem.Item, col) // start from the item's ticks
		}
	}
	return nil
}

// itemValueDef asks for the new value of the column being changed, as a
// new item asks for it.
func itemValueDef(f *form) stepDef {
	for _, col := range itemColumns {
		if addSteps[col] == f.CatalogItem.Column {
			return columnDef(col)
		}
	}
	return columnDef(itemColumns[0])
}

// columnDef asks for one column: typed text, or ticked options.
func columnDef(col string) stepDef {
	if at, ok := itemTextColumns[col]; ok {
		required := col != "公开依据" && col != "公开主体" && col != "公开时限" && col != "一级事项"
		return stepDef{prompt: askColumn(col, "bot.citem.ask_value"), optional: !required,
			accept: acceptText(2000, required, func(f *form) *string { return at(&f.CatalogItem.Item) })}
	}
	opts, sel := setColumn(col)
	return stepDef{prompt: askColumn(col, "bot.citem.ask_ticks"), options: opts, multi: &multiChoice{selected: sel}, accept: acceptTicked(col, sel)}
}

func askColumn(col, key string) func(*request, *form) string {
	return func(r *request, f *form) string {
		return tr(r.lang, key, "column", col, "current", currentColumn(f.CatalogItem.Item, col))
	}
}

// acceptTicked requires at least one option of a set column but 公开渠道和载体's 其他.
func acceptTicked(col string, sel func(*form) *[]string) func(*request, *form, answer) error {
	return func(_ *request, f *form, _ answer) error {
		if len(*sel(f)) == 0 && col != "公开对象" {
			return govmedia.Errorf(govmedia.EINVALID, "bot.citem.tick_one")
		}
		setFromTicked(&f.CatalogItem.Item, col, *sel(f))
		*sel(f) = nil
		return nil
	}
}

func itemSummary(r *request, f *form) (string, error) {
	c := f.CatalogItem
	names, _ := r.reg.DomainNames(r.ctx)
	head := tr(r.lang, "bot.citem.summary_"+c.Action, "domain", names[c.Domain], "item", c.Item.Name())
	if c.Action == "remove" {
		return head, nil
	}
	var lines []string
	for _, col := range itemColumns {
		lines = append(lines, "• "+esc(col)+"："+esc(currentColumn(c.Item, col)))
	}
	return head + "\n" + strings.Join(lines, "\n"), nil
}

func finishItem(r *request, f *form) error {
	c := f.CatalogItem
	v, err := r.cat.Edit(r.ctx, r.editor(), c.Org, c.Domain, func(items []catalog.Item) ([]catalog.Item, error) {
		switch c.Action {
		case "add":
			return catalog.AddItem(items, c.Item, 0), nil
		case "change":
			return catalog.ReplaceItem(items, c.Key, c.Item)
		}
		return catalog.RemoveItem(items, c.Key)
	})
	if err != nil {
		return err
	}
	rows := [][]models.InlineKeyboardButton{{button(tr(r.lang, "bot.btn.catalog_submit", "domain", ""), fmt.Sprintf("cs:%d", v.ID))},
		{button(tr(r.lang, "bot.btn.catalog_edit"), "ce:")}}
	r.say(tr(r.lang, "bot.citem.saved", "number", v.Number, "items", v.ItemCount), inline(rows))
	return nil
}
