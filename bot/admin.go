package bot

import (
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/registry"
)

// invite creates an invite for an org in the admin's scope: /invite ORG ROLE.
func (r *request) invite(args []string) {
	if len(args) != 2 {
		r.say(tr(r.lang, "bot.invite.usage"), nil)
		return
	}
	role, err := registry.ParseRole(args[1])
	if err == nil {
		err = r.reg.CheckAdminOver(r.ctx, r.member, args[0])
	}
	if err != nil {
		r.fail(err)
		return
	}
	code, inv, err := r.reg.CreateInvite(r.ctx, r.member.Actor(), args[0], role, registry.DefaultInviteTTL)
	if err != nil {
		r.fail(err)
		return
	}
	key, link := "bot.invite.member", fmt.Sprintf("https://t.me/%s?start=%s", r.username, code)
	if role == registry.ReviewGroup {
		key = "bot.invite.group"
	}
	r.say(tr(r.lang, key, "org", r.officeName(r.ctx, inv.OrgCode), "role", govmedia.Text("role."+string(role)),
		"link", link, "code", code, "until", govmedia.FormatTime(inv.ExpiresAt)), nil)
}

// members lists the members in the admin's scope, each with a revoke button.
func (r *request) members([]string) {
	list, err := r.reg.AdministeredMembers(r.ctx, r.member)
	if err != nil {
		r.fail(err)
		return
	}
	lines := make([]string, len(list))
	for i, m := range list {
		lines[i] = tr(r.lang, "bot.members.item", "name", m.DisplayName, "org", m.Org.Name, "role", govmedia.Text("role."+string(m.Role)))
	}
	lines, shown := fitLines(lines, listBudget, func(n int) string { return tr(r.lang, "bot.members.more", "count", n) })
	var rows [][]models.InlineKeyboardButton
	for _, m := range list[:shown] {
		if m.ID != r.member.ID && len(rows) < maxButtonRows {
			rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.revoke", "name", m.DisplayName), fmt.Sprintf("mr:%d", m.ID))})
		}
	}
	r.say(tr(r.lang, "bot.members.title", "count", len(list))+"\n"+strings.Join(lines, "\n"), inline(rows))
}

// onRevokeButton ends a membership.
func (r *request) onRevokeButton(p []string) {
	m, err := r.reg.RevokeMember(r.ctx, r.member, id(p, 0))
	if err != nil {
		r.fail(err)
		return
	}
	r.answer(tr(r.lang, "bot.members.revoked", "name", m.DisplayName), false)
	r.say(tr(r.lang, "bot.members.revoked", "name", m.DisplayName), nil)
}
