package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"govmedia"
	"govmedia/registry"
)

// An org picker is a question answered with a unit, picked by its name:
// the buttons list one government's units at a time (the government, its
// office and departments) and its lower governments to go down into;
// typing part of a name lists the units within reach that contain it.
// Any form can ask one (an invite today; handing a question over to
// another unit later), with the scope it may reach.

// orgPick is the state of an org picker in a form.
type orgPick struct {
	Within string   `json:"within,omitempty"` // the government whose units are listed; "" the scope's top
	Query  string   `json:"query,omitempty"`  // part of a name typed to narrow the list
	Shown  []string `json:"shown,omitempty"`  // the codes the buttons stand for, by position
	Chosen string   `json:"chosen,omitempty"` // the unit picked
	// Level, when set, narrows the picker to governments of that level:
	// those are picked, the governments above them gone down into.
	Level registry.Level `json:"level,omitempty"`
	// Many lets several units be picked, each press ticking or unticking
	// one, until Done (see org_picker_many.go).
	Many   bool     `json:"many,omitempty"`
	Picked []string `json:"picked,omitempty"` // the units ticked, with Many
	moved  bool     // the answer just taken moved the picker, not picked
}

// maxPickerMatches bounds the units a typed name lists.
const maxPickerMatches = 30

// orgPickerDef is the question of an org picker: prompt is its text key,
// at the picker's state in the form, scope the top of the tree it reaches.
func orgPickerDef(prompt, label string, at func(*form) *orgPick, scope func(*request) string) stepDef {
	return stepDef{
		label: label,
		typed: true,
		prompt: func(r *request, f *form) string {
			return r.pickerPrompt(prompt, at(f), scope(r))
		},
		options: func(r *request, f *form) []option { return r.pickerOptions(at(f), scope(r)) },
		accept: func(r *request, f *form, a answer) error {
			return r.acceptPick(at(f), scope(r), a)
		},
		stay: func(f *form) bool { return at(f).moved },
		shown: func(r *request, f *form, a answer) string {
			if p := at(f); p.Many && a.Chosen && a.Text == "=" && len(p.Picked) > 0 {
				return esc(r.orgNames(p.Picked))
			}
			return ""
		},
	}
}

// pickerPrompt asks for a unit, saying where the list stands.
func (r *request) pickerPrompt(key string, p *orgPick, scope string) string {
	text := tr(r.lang, key)
	switch {
	case p.Query != "":
		orgs, _ := r.reg.Orgs(r.ctx)
		text += "\n" + tr(r.lang, "bot.picker.matching", "q", p.Query, "count", len(r.pickerMatches(orgs, p, scope)))
	case p.within(scope) != scope:
		text += "\n" + tr(r.lang, "bot.picker.within", "org", r.officeName(r.ctx, p.within(scope)))
	}
	if p.Chosen != "" {
		text += "\n" + tr(r.lang, "bot.form.current", "value", r.officeName(r.ctx, p.Chosen))
	}
	text += r.pickedLine(p)
	return text + "\n" + tr(r.lang, "bot.picker.type_to_search")
}

func (p *orgPick) within(scope string) string {
	if p.Within == "" {
		return scope
	}
	return p.Within
}

// pickerOptions list the units now in view, remembering which code each
// button stands for: "p<i>" picks one, "d<i>" goes down into a lower
// government, "u" goes up a level or back from a search.
func (r *request) pickerOptions(p *orgPick, scope string) []option {
	orgs, err := r.reg.Orgs(r.ctx)
	if err != nil {
		return nil
	}
	byCode := map[string]*registry.Org{}
	for _, o := range orgs {
		byCode[o.Code] = o
	}
	var opts []option
	p.Shown = nil
	add := func(value, label, code string) {
		opts = append(opts, option{fmt.Sprintf("%s%d", value, len(p.Shown)), label})
		p.Shown = append(p.Shown, code)
	}
	if p.Query != "" {
		for _, code := range r.pickerMatches(orgs, p, scope) {
			add("p", p.label(byCode[code]), code)
		}
		opts = append(opts, option{"u", govmedia.Print(r.lang, "bot.picker.back_to_list")})
		return r.withDone(p, opts)
	}
	top := byCode[p.within(scope)]
	if top == nil {
		return nil
	}
	if p.Level != "" {
		r.governmentOptions(p, top, orgs, add)
	} else {
		r.unitOptions(top, orgs, add)
	}
	if top.Code != scope {
		opts = append(opts, option{"u", govmedia.Print(r.lang, "bot.picker.go_up")})
	}
	return r.withDone(p, opts)
}

// unitOptions list top, its office and departments to pick, and its lower
// governments to go down into.
func (r *request) unitOptions(top *registry.Org, orgs []*registry.Org, add func(value, label, code string)) {
	add("p", top.Name, top.Code)
	for _, o := range orgs {
		if o.ParentCode == top.Code && o.Kind != registry.Government {
			add("p", o.Name, o.Code)
		}
	}
	for _, o := range orgs {
		if o.ParentCode == top.Code && o.Kind == registry.Government {
			add("d", tr(r.lang, "bot.picker.go_down", "org", o.Name), o.Code)
		}
	}
}

// pickerMatches are the units within scope the picker picks whose name
// or code contains the query, governments and offices first.
func (r *request) pickerMatches(orgs []*registry.Org, p *orgPick, scope string) []string {
	inScope, _ := registry.Subtree(r.ctx, r.db, scope)
	q := strings.ToLower(strings.TrimSpace(p.Query))
	var out []string
	for _, kind := range []registry.OrgKind{registry.Government, registry.Office, registry.Department} {
		for _, o := range orgs {
			if o.Kind == kind && p.pickable(o) && slices.Contains(inScope, o.Code) && (strings.Contains(strings.ToLower(o.Name), q) || strings.Contains(o.Code, q)) {
				out = append(out, o.Code)
			}
		}
	}
	return out[:min(len(out), maxPickerMatches)]
}

// acceptPick takes a press or typed text: a unit picked, a move through
// the tree, or a name to search for.
func (r *request) acceptPick(p *orgPick, scope string, a answer) error {
	p.moved = true
	if !a.Chosen {
		if strings.TrimSpace(a.Text) == "" {
			return govmedia.Errorf(govmedia.EINVALID, "bot.form.required")
		}
		p.Query = strings.TrimSpace(a.Text)
		return nil
	}
	if a.Text == "u" {
		if p.Query != "" {
			p.Query = ""
			return nil
		}
		if up, err := r.reg.Org(r.ctx, p.within(scope)); err == nil && p.within(scope) != scope {
			p.Within = up.ParentCode
		}
		return nil
	}
	if a.Text == "=" && p.Many {
		return p.done()
	}
	i, err := strconv.Atoi(a.Text[1:])
	if err != nil || i < 0 || i >= len(p.Shown) {
		return govmedia.Errorf(govmedia.EINVALID, "bot.form.use_buttons_err")
	}
	if a.Text[0] == 'd' {
		p.Within, p.Query = p.Shown[i], ""
		return nil
	}
	if p.Many {
		p.tick(p.Shown[i])
		return nil
	}
	p.Chosen, p.moved = p.Shown[i], false
	return nil
}
