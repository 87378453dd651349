package registry

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
)

// Identifiers are what an approved account is registered under on its
// platform: for WeChat the original id and the AppID, elsewhere the
// platform's account id or homepage.
type Identifiers struct {
	OriginalID  string
	AppID       string
	PlatformUID string
}

func (a *Account) identifiersBound() bool {
	if a.Platform == WeChatOA {
		return a.OriginalID != "" && a.AppID != ""
	}
	return a.PlatformUID != ""
}

// BindIdentifiers records the platform identifiers of an approved account
// and makes it active. Only members of the host org may. then, if not nil,
// runs in the same transaction (storing the account's credentials, say);
// its error undoes the binding.
func (r *Registry) BindIdentifiers(ctx context.Context, by *Member, id int64, ids Identifiers, then func(bun.Tx, *Account) error) (*Account, error) {
	var out *Account
	err := r.inTx(ctx, func(tx bun.Tx) error {
		a, err := lockAccount(ctx, tx, id)
		if err != nil {
			return err
		}
		if by.OrgCode != a.HostOrg || (by.Role != Operator && by.Role != Admin) {
			return govmedia.Errorf(govmedia.EFORBIDDEN, "account.host_operator_only", "name", a.Name)
		}
		if a.State != Approved {
			return govmedia.Errorf(govmedia.ECONFLICT, "account.wrong_state", "name", a.Name, "state", govmedia.Text("state."+string(a.State)))
		}
		if out, err = r.bind(ctx, tx, a, ids, Change{Actor: by.Actor(), Action: "account.activate"}); err != nil {
			return err
		}
		if then != nil {
			return then(tx, out)
		}
		return nil
	})
	return out, err
}

func (r *Registry) bind(ctx context.Context, tx bun.IDB, a *Account, ids Identifiers, c Change) (*Account, error) {
	f := a.Fields()
	f.OriginalID, f.AppID, f.PlatformUID = ids.OriginalID, ids.AppID, ids.PlatformUID
	if err := r.CheckFields(ctx, tx, a.HostOrg, &f, a.ID); err != nil {
		return nil, err
	}
	a.setFields(f)
	if !a.identifiersBound() {
		field := "platform_uid"
		if a.Platform == WeChatOA {
			field = "original_id"
		}
		return nil, govmedia.FieldErrors{{Column: field, Err: govmedia.Errorf(govmedia.EINVALID, "account.identifiers_required")}}
	}
	before := a.State
	a.State = Active
	if err := r.bump(ctx, tx, a); err != nil {
		return nil, fieldErrorFromConstraint(err, &f)
	}
	changes := []FieldChange{{Field: "state", Old: string(before), New: string(Active)}}
	if a.Platform == WeChatOA {
		changes = append(changes, FieldChange{Field: "original_id", New: a.OriginalID}, FieldChange{Field: "app_id", New: a.AppID})
	} else {
		changes = append(changes, FieldChange{Field: "platform_uid", New: a.PlatformUID})
	}
	return a, r.record(ctx, tx, a, c, changes)
}
