package approvals

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// AccountKind is the subject kind of account applications.
const AccountKind = "account"

// The actions of account applications.
const (
	OpenAccount   = "open"
	ChangeAccount = "change"
	CloseAccount  = "close"
)

// AccountRequest is the payload of an account application.
type AccountRequest struct {
	Fields   *registry.Fields       `json:"fields,omitempty"`  // open and change: the proposed fields
	Closure  *registry.Closure      `json:"closure,omitempty"` // close
	Changes  []registry.FieldChange `json:"changes,omitempty"` // change: against the base version
	Warnings []Warning              `json:"warnings,omitempty"`
}

// Warning is something approvers should see before deciding.
type Warning struct {
	Kind     string `json:"kind"`     // second_account, similar_name
	Accounts string `json:"accounts"` // the other accounts' names
	Reason   string `json:"reason,omitempty"`
}

// Request decodes an account application's payload.
func (a *Application) Request() (*AccountRequest, error) {
	req := new(AccountRequest)
	return req, json.Unmarshal(a.Payload, req)
}

type accountPolicy struct{ reg *registry.Registry }

func (p accountPolicy) Chain(ctx context.Context, db bun.IDB, app *Application) ([]StepSpec, error) {
	return OfficeChain(ctx, db, app.ApplicantOrg)
}

func (p accountPolicy) Apply(ctx context.Context, tx bun.Tx, app *Application, decider *registry.Member) error {
	req, err := app.Request()
	if err != nil {
		return err
	}
	c := registry.Change{Actor: decider.Actor(), Action: "account." + app.Action, ApplicationID: app.ID, ApprovedBy: decider.Actor().String()}
	switch app.Action {
	case OpenAccount:
		a, err := p.reg.CreateAccount(ctx, tx, app.ApplicantOrg, *req.Fields, registry.Approved, c)
		if err != nil {
			return err
		}
		app.SubjectID = a.ID
		return nil
	case ChangeAccount:
		_, err := p.reg.ApplyFields(ctx, tx, app.SubjectID, app.BaseVersion, *req.Fields, c)
		return err
	case CloseAccount:
		return p.reg.StartClosing(ctx, tx, app.SubjectID, app.BaseVersion, *req.Closure, c)
	}
	return govmedia.Errorf(govmedia.EINVALID, "application.action_invalid", "action", app.Action)
}

// warnings lists what approvers should notice about proposed fields.
func warnings(ctx context.Context, db bun.IDB, org string, f *registry.Fields, exceptID int64) ([]Warning, error) {
	var out []Warning
	others, err := registry.OthersOnPlatform(ctx, db, org, f.Platform, exceptID)
	if err != nil {
		return nil, err
	}
	if len(others) > 0 {
		names := make([]string, len(others))
		for i, o := range others {
			names[i] = o.Name
		}
		out = append(out, Warning{Kind: "second_account", Accounts: strings.Join(names, "、"), Reason: f.SecondAccountReason})
	}
	similar, err := registry.SimilarNames(ctx, db, f.Platform, f.Name, exceptID)
	if err != nil {
		return nil, err
	}
	if len(similar) > 0 {
		out = append(out, Warning{Kind: "similar_name", Accounts: strings.Join(similar, "、")})
	}
	return out, nil
}
