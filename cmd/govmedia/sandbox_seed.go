package main

import (
	"context"
	"fmt"

	"govmedia"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/registry"
	"govmedia/web/sandbox"
)

// sandboxPerson is someone the sandbox seeds: a Telegram user bound to an
// org with a role.
type sandboxPerson struct {
	id         int64
	name, org  string
	role       registry.Role
	groups     []int64
	identifies string
}

// sandboxGroups are the review groups the sandbox sets up.
var sandboxGroups = []struct {
	id         int64
	title, org string
	members    []int64
}{
	{-1001001, "五华区政府办审核群", "km.wuhua.office", []int64{1002, 1006}},
	{-1001002, "市政府办审批群", "km.office", []int64{1003, 1005, 1006}},
}

var sandboxPeople = []sandboxPerson{
	{1001, "王芳", "km.wuhua.dept.edu", registry.Operator, nil, "五华区教育体育局 · 运营人员"},
	{1004, "赵磊", "km.wuhua.huashan", registry.Operator, nil, "五华区华山街道办事处 · 运营人员"},
	{1002, "李强", "km.wuhua.office", registry.Reviewer, []int64{-1001001}, "五华区人民政府办公室 · 审核人"},
	{1003, "张敏", "km.office", registry.Approver, []int64{-1001002}, "昆明市人民政府办公室 · 审批人"},
	{1005, "陈静", "km.office", registry.Approver, []int64{-1001002}, "昆明市人民政府办公室 · 审批人"},
	{1006, "周涛", "km.office", registry.Admin, []int64{-1001001, -1001002}, "昆明市人民政府办公室 · 管理员"},
}

// seedSandbox loads the sample tree and the people (once; a second start
// finds them), and sets them up on the stand-in Bot API, which forgets
// everything between runs.
func seedSandbox(ctx context.Context, app *App, tg *telegramtest.Server) ([]sandbox.Identity, error) {
	if _, err := app.registry.ImportSampleOrgs(ctx, govmedia.Operator("sandbox")); err != nil {
		return nil, err
	}
	var ids []sandbox.Identity
	for _, p := range sandboxPeople {
		if err := bindSandboxPerson(ctx, app, p); err != nil {
			return nil, err
		}
		tg.AddUser(telegramtest.User{ID: p.id, FirstName: p.name, LanguageCode: "zh-hans"})
		ids = append(ids, sandbox.Identity{UserID: p.id, Name: p.identifies + " " + p.name, Chats: append([]int64{p.id}, p.groups...)})
	}
	for _, g := range sandboxGroups {
		if _, err := tg.AddGroup(telegramtest.Group{ID: g.id, Title: g.title, Members: g.members, Admins: g.members[:1]}); err != nil {
			return nil, err
		}
		if err := bot.BindReviewChat(ctx, app.db, g.id, g.org, g.title, govmedia.Operator("sandbox"), app.registry.Now()); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func bindSandboxPerson(ctx context.Context, app *App, p sandboxPerson) error {
	if _, err := app.registry.MemberByTelegram(ctx, p.id); err == nil {
		return nil
	}
	code, _, err := app.registry.CreateInvite(ctx, govmedia.Operator("sandbox"), p.org, p.role, registry.DefaultInviteTTL)
	if err != nil {
		return err
	}
	_, err = app.registry.RedeemInvite(ctx, code, registry.TelegramUser{ID: p.id, DisplayName: p.name, LanguageCode: "zh"})
	if err != nil {
		return fmt.Errorf("seeding %s: %w", p.name, err)
	}
	return nil
}
