package bot

import (
	"slices"
	"strings"

	"govmedia"
	"govmedia/registry"
)

// An org picker with Many ticks several units, then Done ("="); with a
// Level it lists only governments: those of the level to tick, those
// above it to go down into (the city's counties, to reach their
// townships).

// maxPickedShown bounds the names the question lists as ticked.
const maxPickedShown = 20

// pickable reports whether the picker picks o.
func (p *orgPick) pickable(o *registry.Org) bool {
	return p.Level == "" || (o.Kind == registry.Government && o.Level == p.Level)
}

// label is o's name on its button, ticked when picked.
func (p *orgPick) label(o *registry.Org) string {
	if p.Many && slices.Contains(p.Picked, o.Code) {
		return "✅ " + o.Name
	}
	return o.Name
}

// tick picks a unit, or unpicks it when picked; the question stays.
func (p *orgPick) tick(code string) {
	if i := slices.Index(p.Picked, code); i >= 0 {
		p.Picked = slices.Delete(p.Picked, i, i+1)
		return
	}
	p.Picked = append(p.Picked, code)
}

// done answers the question with the units ticked, one at least.
func (p *orgPick) done() error {
	if len(p.Picked) == 0 {
		return govmedia.Errorf(govmedia.EINVALID, "bot.picker.none_picked")
	}
	p.moved = false
	return nil
}

// governmentOptions list the governments under top: those of the level
// to pick, the others to go down into.
func (r *request) governmentOptions(p *orgPick, top *registry.Org, orgs []*registry.Org, add func(value, label, code string)) {
	var down []*registry.Org
	for _, o := range orgs {
		switch {
		case o.ParentCode != top.Code || o.Kind != registry.Government:
		case o.Level == p.Level:
			add("p", p.label(o), o.Code)
		default:
			down = append(down, o)
		}
	}
	for _, o := range down {
		add("d", tr(r.lang, "bot.picker.go_down", "org", o.Name), o.Code)
	}
}

// withDone adds Done to a picker of several.
func (r *request) withDone(p *orgPick, opts []option) []option {
	if !p.Many {
		return opts
	}
	return append(opts, option{"=", govmedia.Print(r.lang, "bot.btn.done")})
}

// pickedLine says which units are ticked so far, "" when none.
func (r *request) pickedLine(p *orgPick) string {
	if !p.Many || len(p.Picked) == 0 {
		return ""
	}
	return "\n" + tr(r.lang, "bot.picker.picked", "count", len(p.Picked), "orgs", r.orgNames(p.Picked))
}

// orgNames are the units' names, the first maxPickedShown of them.
func (r *request) orgNames(codes []string) string {
	names := make([]string, 0, min(len(codes), maxPickedShown))
	for _, c := range codes[:min(len(codes), maxPickedShown)] {
		names = append(names, r.officeName(r.ctx, c))
	}
	if len(codes) > maxPickedShown {
		names = append(names, "…")
	}
	return strings.Join(names, "、")
}
