package bot

import (
	"govmedia"
	"govmedia/oversight"
	"govmedia/registry"
)

// boundText says whom a milestone binds: a level, or the governments of
// it named.
func (r *request) boundText(m *oversight.Milestone) string {
	level := tr(r.lang, "bot.over.level."+string(m.Level))
	if len(m.Orgs) == 0 {
		return level
	}
	return tr(r.lang, "bot.over.ms_bound_some", "level", rawHTML(level), "count", len(m.Orgs), "orgs", r.orgNames(m.Orgs))
}

// acceptMilestoneLevel takes the level a milestone binds; a level changed
// drops the governments picked at the other one.
func acceptMilestoneLevel(_ *request, f *form, a answer) error {
	m := f.Milestone
	if a.Text != m.Level || !m.Orgs.Many {
		m.Level, m.Every = a.Text, false
		m.Orgs = orgPick{Level: registry.Level(a.Text), Many: true}
	}
	return nil
}

// milestoneOrgsDef asks which governments of the level a milestone binds:
// "all" keeps every one of them, or the org picker ticks some, then Done.
// The domain checks the codes again (oversight.CheckMilestoneOrgs).
func milestoneOrgsDef() stepDef {
	at := func(f *form) *orgPick { return &f.Milestone.Orgs }
	d := orgPickerDef("bot.over.ask.ms_orgs", "bot.over.field.ms_orgs", at, func(r *request) string { return registry.AdminScope(r.member) })
	prompt, options, accept := d.prompt, d.options, d.accept
	d.prompt = func(r *request, f *form) string {
		if f.Milestone.Every {
			return prompt(r, f) + "\n" + tr(r.lang, "bot.form.current", "value", everyLabel(r, f))
		}
		return prompt(r, f)
	}
	d.options = func(r *request, f *form) []option {
		return append([]option{{"all", everyLabel(r, f)}}, options(r, f)...)
	}
	d.accept = func(r *request, f *form, a answer) error {
		if a.Chosen && a.Text == "all" {
			f.Milestone.Every, f.Milestone.Orgs.Picked = true, nil
			return nil
		}
		if err := accept(r, f, a); err != nil {
			return err
		}
		if !at(f).moved {
			f.Milestone.Every = false
		}
		return nil
	}
	return d
}

// everyLabel names every government of the form's level.
func everyLabel(r *request, f *form) string {
	return govmedia.Print(r.lang, "bot.over.ms_every", "level", govmedia.Print(r.lang, "bot.over.level."+f.Milestone.Level))
}
