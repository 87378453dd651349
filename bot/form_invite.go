package bot

import (
	"fmt"
	"slices"
	"strings"

	"govmedia"
	"govmedia/registry"
)

// inviteForm holds the answers of /invite: the unit, picked by its name,
// and the role, picked by its name.
type inviteForm struct {
	Org  orgPick `json:"org"`
	Role string  `json:"role,omitempty"`
}

func init() {
	formKinds["invite"] = &formKind{
		steps: func(*request, *form) []string { return []string{"org", "role"} },
		defs: map[string]stepDef{
			"org": orgPickerDef("bot.invite.ask_org", "field.invite_org", func(f *form) *orgPick { return &f.Invite.Org },
				func(r *request) string { return registry.AdminScope(r.member) }),
			"role": {prompt: askInviteRole, label: "field.invite_role", options: roleOptions, accept: acceptInviteRole},
		},
		summary: inviteSummary,
		finish:  finishInvite,
		missing: func(r *request, f *form) string {
			if !slices.ContainsFunc(roleOptions(r, f), func(o option) bool { return o.Value == f.Invite.Role }) {
				return "role"
			}
			return ""
		},
	}
}

// invite starts an invite for a unit in the admin's scope; words after
// /invite start the unit's list with the units whose names hold them.
func (r *request) invite(args []string) {
	if err := registry.CheckAdmin(r.member); err != nil {
		r.fail(err)
		return
	}
	r.startForm(&form{Kind: "invite", Invite: &inviteForm{Org: orgPick{Query: strings.Join(args, " ")}}})
}

func askInviteRole(r *request, f *form) string {
	return tr(r.lang, "bot.invite.ask_role", "org", r.officeName(r.ctx, f.Invite.Org.Chosen))
}

// invitable are the roles an invite may give in a unit of each kind: a
// government office reviews and approves (and its group reviews), a city
// department may guide a domain, every unit has operators and admins.
var invitable = map[registry.OrgKind][]registry.Role{
	registry.Office:     {registry.Reviewer, registry.Approver, registry.ReviewGroup, registry.Operator, registry.Admin},
	registry.Department: {registry.Operator, registry.Guide, registry.Admin},
	registry.Government: {registry.Operator, registry.Admin},
}

// roleOptions are the roles the picked unit may be invited to, by name.
func roleOptions(r *request, f *form) []option {
	o, err := r.reg.Org(r.ctx, f.Invite.Org.Chosen)
	if err != nil {
		return nil
	}
	var out []option
	for _, role := range invitable[o.Kind] {
		if role == registry.Guide && o.Level != registry.City {
			continue
		}
		out = append(out, option{string(role), govmedia.Print(r.lang, "bot.invite.role."+string(role))})
	}
	return out
}

func acceptInviteRole(_ *request, f *form, a answer) error {
	f.Invite.Role = a.Text
	return nil
}

func inviteSummary(r *request, f *form) (string, error) {
	return tr(r.lang, "bot.invite.summary", "org", r.officeName(r.ctx, f.Invite.Org.Chosen),
		"role", govmedia.Text("role."+f.Invite.Role), "days", int(registry.DefaultInviteTTL.Hours()/24)), nil
}

// finishInvite creates the invite, if the unit is within the admin's
// scope, and gives its link (or, for a review group, the command to send
// in the group).
func finishInvite(r *request, f *form) error {
	org, role := f.Invite.Org.Chosen, registry.Role(f.Invite.Role)
	if err := r.reg.CheckAdminOver(r.ctx, r.member, org); err != nil {
		return err
	}
	code, inv, err := r.reg.CreateInvite(r.ctx, r.member.Actor(), org, role, registry.DefaultInviteTTL)
	if err != nil {
		return err
	}
	key, link := "bot.invite.member", fmt.Sprintf("https://t.me/%s?start=%s", r.username, code)
	if role == registry.ReviewGroup {
		key = "bot.invite.group"
	}
	r.say(tr(r.lang, key, "org", r.officeName(r.ctx, inv.OrgCode), "role", govmedia.Text("role."+string(role)),
		"link", link, "code", code, "until", govmedia.FormatTime(inv.ExpiresAt)), nil)
	return nil
}
