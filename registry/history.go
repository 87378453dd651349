package registry

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// FieldChange is one field's old and new value, as shown to people (a
// phone number masked).
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// HistoryEntry is one version of an account: what changed, who did it, and
// on whose approval.
type HistoryEntry struct {
	bun.BaseModel `bun:"table:account_history"`

	ID            int64         `bun:"id,pk,autoincrement"`
	AccountID     int64         `bun:"account_id"`
	Version       int           `bun:"version"`
	At            time.Time     `bun:"at"`
	Action        string        `bun:"action"`
	Changes       []FieldChange `bun:"changes,type:jsonb"`
	Actor         string        `bun:"actor"`
	ApplicationID int64         `bun:"application_id,nullzero"`
	ApprovedBy    string        `bun:"approved_by"`
}

// History lists every version of an account, oldest first.
func (r *Registry) History(ctx context.Context, accountID int64) ([]HistoryEntry, error) {
	var list []HistoryEntry
	err := r.db.NewSelect().Model(&list).Where("account_id = ?", accountID).OrderExpr("id").Scan(ctx)
	return list, err
}

// FieldOrder lists the fields of an account in the order forms and cards
// show them.
var FieldOrder = []string{"platform", "wechat_kind", "name", "original_id", "app_id", "platform_uid",
	"operating_unit", "third_party", "person_in_charge", "phone", "domains", "second_account_reason"}

// Values renders each field as text, the phone masked.
func (f Fields) Values(phone string) map[string]string {
	return map[string]string{
		"platform": string(f.Platform), "wechat_kind": string(f.WeChatKind), "name": f.Name,
		"original_id": f.OriginalID, "app_id": f.AppID, "platform_uid": f.PlatformUID,
		"operating_unit": f.OperatingUnit, "third_party": strconv.FormatBool(f.ThirdParty),
		"person_in_charge": f.PersonInCharge, "phone": MaskPhone(phone),
		"domains": strings.Join(f.Domains, ","), "second_account_reason": f.SecondAccountReason,
	}
}

// diff lists the fields whose values differ between two versions, comparing
// phone numbers opened, not their sealed bytes.
func (r *Registry) diff(old, new Fields) []FieldChange {
	oldPhone, _ := r.Phone(old.PhoneSealed)
	newPhone := new.Phone
	if newPhone == "" {
		newPhone, _ = r.Phone(new.PhoneSealed)
	}
	return DiffValues(old.Values(oldPhone), new.Values(newPhone), oldPhone != newPhone)
}

// DiffValues compares two renderings field by field; phoneChanged decides
// the phone, whose masked renderings may look alike.
func DiffValues(old, new map[string]string, phoneChanged bool) []FieldChange {
	var out []FieldChange
	for _, field := range FieldOrder {
		changed := old[field] != new[field]
		if field == "phone" {
			changed = phoneChanged
		}
		if changed {
			out = append(out, FieldChange{Field: field, Old: old[field], New: new[field]})
		}
	}
	return out
}

// Diff lists the changes that fields would make to the account.
func (r *Registry) Diff(a *Account, f Fields) []FieldChange {
	f.Normalize()
	return r.diff(a.Fields(), f)
}
