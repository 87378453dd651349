package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestOperatorsSetTheWelcomeAndSeeTheirAccountsAnswers: /welcome shows an
// account's welcome and sets a new one, which the next follower gets over
// WeChat's wire; /account shows how the account answered its followers:
// questions asked, the share answered, the median time to a first answer,
// and those left unanswered past a working day.
func TestOperatorsSetTheWelcomeAndSeeTheirAccountsAnswers(t *testing.T) {
	cw := newCitizensWorld(t)
	op := cw.operator.id
	cw.say(cw.operator, "/welcome")
	cw.expect(op, "欢迎关注“五华教育”")
	const welcome = "欢迎关注五华教育！发送“人工”给我们留言。"
	cw.say(cw.operator, welcome)
	cw.expect(op, "的关注欢迎语将改为")
	cw.press(cw.operator, op, "提交")
	cw.expect(op, "关注欢迎语已更新")
	reply, err := cw.wx.Follow(cw.creds.AppID, "oWelcomedCitizen00000000001")
	if err != nil || reply.Content != welcome {
		t.Fatalf("the new follower was told %q (%v), want %q", reply.Content, err, welcome)
	}

	cw.ask("oWelcomedCitizen00000000001", "人工：想问问入学的事")
	answered := cw.questionID(cw.expectWith(op, "想问问入学的事", "回复").Text)
	cw.env.Clock.Advance(2 * time.Hour)
	if _, err := cw.cit.Reply(context.Background(), cw.operator.member, answered, "请看入学政策。"); err != nil {
		t.Fatal(err)
	}
	cw.expect(op, "已通过微信客服消息送达")
	if _, err := cw.wx.Follow(cw.creds.AppID, "oUnansweredCitizen000000001"); err != nil {
		t.Fatal(err)
	}
	cw.ask("oUnansweredCitizen000000001", "人工：没人回我")
	open := cw.question(cw.questionID(cw.expectWith(op, "没人回我", "回复").Text))
	cw.env.Clock.Advance(open.EscalateAt.Sub(cw.env.Clock.Now()) + time.Minute)

	cw.say(cw.operator, fmt.Sprintf("/account #%d", cw.acct.ID))
	shown := cw.expect(op, "市民互动")
	want := "留言 2 条，已回复 1 条（50%），首次回复用时中位数为2 小时 0 分钟；超过一个工作日仍未回复 1 条"
	if !strings.Contains(shown.Text, want) {
		t.Fatalf("/account shows:\n%s\nwant %q", shown.Text, want)
	}
}
