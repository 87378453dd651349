package bot

import (
	"strings"
	"time"

	"govmedia"
	"govmedia/oversight"
	"govmedia/registry"
)

// milestoneForm holds the answers of a new milestone: its title, day,
// kind (how it is met), the level of government it binds, and whether it
// binds every government of the level or those picked.
type milestoneForm struct {
	Title string  `json:"title,omitempty"`
	DueOn string  `json:"due_on,omitempty"` // 2006-01-02
	Kind  string  `json:"kind,omitempty"`
	Level string  `json:"level,omitempty"`
	Every bool    `json:"every,omitempty"` // every government of the level
	Orgs  orgPick `json:"orgs"`            // else those picked
}

// milestoneKinds are the kinds of milestone, in the campaign's order.
var milestoneKinds = []string{oversight.CatalogsCompiled, oversight.CatalogsRevised, oversight.TownshipsAudited,
	oversight.CatalogsPublished, oversight.Confirmed}

func init() {
	formKinds["milestone"] = &formKind{
		steps: func(*request, *form) []string { return []string{"title", "due_on", "kind", "level", "orgs"} },
		defs: map[string]stepDef{
			"title": {prompt: askKey("bot.over.ask.ms_title"), label: "bot.over.field.ms_title",
				accept: acceptText(100, true, func(f *form) *string { return &f.Milestone.Title })},
			"due_on": {prompt: askKey("bot.over.ask.ms_due"), label: "bot.over.field.ms_due", accept: acceptMilestoneDay},
			"kind": {prompt: askKey("bot.over.ask.ms_kind"), label: "bot.over.field.ms_kind", options: milestoneKindOptions,
				accept: func(_ *request, f *form, a answer) error { f.Milestone.Kind = a.Text; return nil }},
			"level": {prompt: askKey("bot.over.ask.ms_level"), label: "bot.over.field.ms_level", options: milestoneLevelOptions,
				accept: acceptMilestoneLevel},
			"orgs": milestoneOrgsDef(),
		},
		summary: milestoneSummary,
		finish:  finishMilestone,
		missing: func(_ *request, f *form) string {
			if !f.Milestone.Every && len(f.Milestone.Orgs.Picked) == 0 {
				return "orgs"
			}
			return ""
		},
	}
}

// onAddMilestone opens a new milestone's form: "ma:add", for those who
// set them (oversight.CheckAddMilestone).
func (r *request) onAddMilestone(p []string) {
	if r.over == nil || len(p) != 1 || p[0] != "add" || !r.private {
		r.staleButton()
		return
	}
	if err := oversight.CheckAddMilestone(r.ctx, r.db, r.member); err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	r.startForm(&form{Kind: "milestone", Milestone: &milestoneForm{}})
}

// askKey asks the question under a text key.
func askKey(key string) func(*request, *form) string {
	return func(r *request, _ *form) string { return tr(r.lang, key) }
}

func acceptMilestoneDay(r *request, f *form, a answer) error {
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(a.Text), govmedia.ChinaTime)
	if err != nil {
		return govmedia.Errorf(govmedia.EINVALID, "bot.over.date_format")
	}
	f.Milestone.DueOn = d.Format(time.DateOnly)
	return nil
}

func milestoneKindOptions(r *request, _ *form) []option {
	out := make([]option, len(milestoneKinds))
	for i, k := range milestoneKinds {
		out[i] = option{k, govmedia.Print(r.lang, "bot.over.kind."+k)}
	}
	return out
}

func milestoneLevelOptions(r *request, _ *form) []option {
	return []option{{string(registry.County), govmedia.Print(r.lang, "bot.over.level.county")},
		{string(registry.Township), govmedia.Print(r.lang, "bot.over.level.township")}}
}

func milestoneSummary(r *request, f *form) (string, error) {
	m := f.Milestone
	bound := &oversight.Milestone{Level: registry.Level(m.Level)}
	if !m.Every {
		bound.Orgs = m.Orgs.Picked
	}
	return tr(r.lang, "bot.over.ms_summary", "title", m.Title, "due", m.DueOn, "kind", govmedia.Text("bot.over.kind."+m.Kind),
		"level", rawHTML(r.boundText(bound))), nil
}

func finishMilestone(r *request, f *form) error {
	m := f.Milestone
	due, _ := time.ParseInLocation(time.DateOnly, m.DueOn, govmedia.ChinaTime)
	var orgs []string
	if !m.Every {
		orgs = m.Orgs.Picked
	}
	ms, err := r.over.AddMilestone(r.ctx, r.member, m.Title, m.Kind, registry.Level(m.Level), due, orgs...)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.over.ms_added", "title", ms.Title, "due", ms.DueOn.Format(time.DateOnly)), nil)
	return nil
}
