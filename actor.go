package govmedia

import (
	"fmt"
	"time"
)

// Actor is who did something: a bound member acting through the bot, an
// operator at the command line, or an operator at the command line acting
// for a member (both are named). It is written into histories and the
// audit log.
type Actor struct {
	MemberID   int64  // 0 for the command line and the service itself
	TelegramID int64  // the member's Telegram user id
	Name       string // display name, or the operator's login
	By         string // the operator who acted for the member ("cli:login"); "" when the member acted
}

// System is the service acting on its own (scheduled closings, escalations).
var System = Actor{Name: "system"}

// Operator is someone at the command line.
func Operator(login string) Actor { return Actor{Name: "cli:" + login} }

// String renders the actor for the audit log: "member:12 tg:34 张三", with
// " via cli:root" when an operator acted for the member.
func (a Actor) String() string {
	if a.MemberID == 0 {
		return a.Name
	}
	s := fmt.Sprintf("member:%d tg:%d %s", a.MemberID, a.TelegramID, a.Name)
	if a.By != "" {
		s += " via " + a.By
	}
	return s
}

// Clock tells the time. Services take one so that tests can move time.
type Clock func() time.Time

// Now is the real clock, truncated to PostgreSQL's microsecond precision so
// that a time written and read back compares equal.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// ChinaTime is China Standard Time (UTC+8, no daylight saving), the time
// every date shown to users is in.
var ChinaTime = time.FixedZone("CST", 8*3600)

// FormatTime renders a time for users: "2006-01-02 15:04" in China time.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(ChinaTime).Format("2006-01-02 15:04")
}
