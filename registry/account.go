package registry

import (
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// Platform is where an account lives.
type Platform string

// The platforms.
const (
	WeChatOA       Platform = "wechat_oa" // 微信公众号
	WeChatChannels Platform = "wechat_channels"
	Weibo          Platform = "weibo"
	Douyin         Platform = "douyin"
	Kuaishou       Platform = "kuaishou"
	Toutiao        Platform = "toutiao"
	Bilibili       Platform = "bilibili"
	Xiaohongshu    Platform = "xiaohongshu"
	OtherPlatform  Platform = "other"
)

// Platforms lists every platform in the order forms offer them.
var Platforms = []Platform{WeChatOA, WeChatChannels, Weibo, Douyin, Kuaishou, Toutiao, Bilibili, Xiaohongshu, OtherPlatform}

// WeChatKind is the type of a WeChat official account.
type WeChatKind string

// The kinds of WeChat official account.
const (
	Subscription WeChatKind = "subscription" // 订阅号
	Service      WeChatKind = "service"      // 服务号
)

// State is where an account stands.
type State string

// The states of an account.
const (
	Approved  State = "approved"  // cleared to register on the platform
	Active    State = "active"    // identifiers bound; may receive pushes
	Closing   State = "closing"   // close approved, public notice running
	Closed    State = "closed"    // closed for good
	Suspended State = "suspended" // stopped by the city office
)

// Account is one government new-media account.
type Account struct {
	bun.BaseModel `bun:"table:accounts"`

	ID                  int64      `bun:"id,pk,autoincrement"`
	Platform            Platform   `bun:"platform"`
	WeChatKind          WeChatKind `bun:"wechat_kind,nullzero"`
	Name                string     `bun:"name"`
	OriginalID          string     `bun:"original_id,nullzero"`
	AppID               string     `bun:"app_id,nullzero"`
	PlatformUID         string     `bun:"platform_uid"`
	HostOrg             string     `bun:"host_org"`
	OperatingUnit       string     `bun:"operating_unit"`
	ThirdParty          bool       `bun:"third_party"`
	PersonInCharge      string     `bun:"person_in_charge"`
	PhoneSealed         []byte     `bun:"phone_sealed"`
	Domains             []string   `bun:"domains,array"`
	SecondAccountReason string     `bun:"second_account_reason"`
	State               State      `bun:"state"`
	Version             int        `bun:"version"`
	ClosingUntil        time.Time  `bun:"closing_until,nullzero"`
	CloseReason         string     `bun:"close_reason"`
	SuccessorID         int64      `bun:"successor_id,nullzero"`
	CreatedAt           time.Time  `bun:"created_at"`
	UpdatedAt           time.Time  `bun:"updated_at"`

	Host *Org `bun:"rel:belongs-to,join:host_org=code"`
}

// Fields are what an application proposes for an account: the fields of
// an open, or the new values of a change. Phone is plain only in memory;
// it is stored sealed.
type Fields struct {
	Platform            Platform   `json:"platform"`
	WeChatKind          WeChatKind `json:"wechat_kind,omitempty"`
	Name                string     `json:"name"`
	OriginalID          string     `json:"original_id,omitempty"`
	AppID               string     `json:"app_id,omitempty"`
	PlatformUID         string     `json:"platform_uid,omitempty"`
	OperatingUnit       string     `json:"operating_unit,omitempty"`
	ThirdParty          bool       `json:"third_party"`
	PersonInCharge      string     `json:"person_in_charge,omitempty"`
	Phone               string     `json:"-"`
	PhoneSealed         []byte     `json:"phone_sealed,omitempty"`
	Domains             []string   `json:"domains"`
	SecondAccountReason string     `json:"second_account_reason,omitempty"`
}

// Fields returns the account's current fields; the phone stays sealed.
func (a *Account) Fields() Fields {
	return Fields{
		Platform: a.Platform, WeChatKind: a.WeChatKind, Name: a.Name, OriginalID: a.OriginalID, AppID: a.AppID,
		PlatformUID: a.PlatformUID, OperatingUnit: a.OperatingUnit, ThirdParty: a.ThirdParty,
		PersonInCharge: a.PersonInCharge, PhoneSealed: a.PhoneSealed, Domains: a.Domains,
		SecondAccountReason: a.SecondAccountReason,
	}
}

// setFields copies fields onto the account.
func (a *Account) setFields(f Fields) {
	a.Platform, a.WeChatKind, a.Name = f.Platform, f.WeChatKind, f.Name
	a.OriginalID, a.AppID, a.PlatformUID = f.OriginalID, f.AppID, f.PlatformUID
	a.OperatingUnit, a.ThirdParty, a.PersonInCharge = f.OperatingUnit, f.ThirdParty, f.PersonInCharge
	a.PhoneSealed, a.Domains, a.SecondAccountReason = f.PhoneSealed, f.Domains, f.SecondAccountReason
}

// Open reports whether the account still holds its name and identifiers.
func (a *Account) Open() bool { return a.State != Closed }

// Label is how messages name an account: "name (platform)".
func (a *Account) Label(lang govmedia.Language) string {
	return a.Name + "（" + govmedia.Print(lang, "platform."+string(a.Platform)) + "）"
}
