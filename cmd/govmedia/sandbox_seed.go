package main

import (
	"context"
	"fmt"
	"slices"

	"govmedia"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/registry"
	"govmedia/web/sandbox"
)

// sandboxPerson is someone the sandbox seeds: a Telegram user bound to an
// org with a role, and what the README's walk-through has them try first.
type sandboxPerson struct {
	id         int64
	name, org  string
	role       registry.Role
	groups     []int64
	identifies string
	steps      []sandboxStep
}

// sandboxStep is one thing to try, in a chat: the text under key in
// locales/*/sandbox.json, and the command the page offers to send.
type sandboxStep struct {
	chat    int64
	key     string
	command string
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
	{1001, "王芳", "km.wuhua.dept.edu", registry.Operator, nil, "五华区教育体育局 · 运营人员",
		[]sandboxStep{{1001, "sandbox.step.apply", "/apply"}, {1001, "sandbox.step.publish", "/publish"}}},
	{1004, "赵磊", "km.wuhua.huashan", registry.Operator, nil, "五华区华山街道办事处 · 运营人员",
		[]sandboxStep{{1004, "sandbox.step.my", "/my"}}},
	{1002, "李强", "km.wuhua.office", registry.Reviewer, []int64{-1001001}, "五华区人民政府办公室 · 审核人",
		[]sandboxStep{{-1001001, "sandbox.step.county_card", ""}, {1002, "sandbox.step.pending", "/pending"}}},
	{1003, "张敏", "km.office", registry.Approver, []int64{-1001002}, "昆明市人民政府办公室 · 审批人",
		[]sandboxStep{{-1001002, "sandbox.step.city_card", ""}, {1003, "sandbox.step.registry", "/registry 五华"}}},
	{1005, "陈静", "km.office", registry.Approver, []int64{-1001002}, "昆明市人民政府办公室 · 审批人",
		[]sandboxStep{{-1001002, "sandbox.step.city_card", ""}, {1005, "sandbox.step.registry", "/registry 五华"}}},
	{1006, "周涛", "km.office", registry.Admin, []int64{-1001001, -1001002}, "昆明市人民政府办公室 · 管理员",
		[]sandboxStep{{1006, "sandbox.step.members", "/members"}}},
}

// seedSandbox loads the sample tree and the people (once; a second start
// finds them), and sets them up on the stand-in Bot API, which keeps them
// too (a second start leaves its chats as they are).
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
		ids = append(ids, p.identity())
	}
	chats := tg.Chats()
	for _, g := range sandboxGroups {
		if !slices.ContainsFunc(chats, func(c telegramtest.Chat) bool { return c.ID == g.id }) {
			if _, err := tg.AddGroup(telegramtest.Group{ID: g.id, Title: g.title, Members: g.members, Admins: g.members[:1]}); err != nil {
				return nil, err
			}
		}
		if err := bot.BindReviewChat(ctx, app.db, g.id, g.org, g.title, govmedia.Operator("sandbox"), app.registry.Now()); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// identity is how the page offers the person, with their first steps in
// both languages.
func (p sandboxPerson) identity() sandbox.Identity {
	id := sandbox.Identity{UserID: p.id, Name: p.identifies + " " + p.name, Person: p.name, Role: p.identifies,
		Chats: append([]int64{p.id}, p.groups...)}
	for _, s := range p.steps {
		id.Steps = append(id.Steps, sandbox.Step{Chat: s.chat, Command: s.command,
			Text: govmedia.Print(govmedia.Chinese, s.key), English: govmedia.Print(govmedia.English, s.key)})
	}
	return id
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
