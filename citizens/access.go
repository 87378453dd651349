package citizens

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// Who may read and answer questions is decided here, once; the bot only
// renders. A question one may not see is reported as not found.

// CheckSee refuses, as not found, a question m may not read: those of the
// unit answering it, and, once it is raised, its government's office.
func CheckSee(ctx context.Context, db bun.IDB, m *registry.Member, q *Question) error {
	if registry.AdminOver(ctx, db, m, q.OrgCode) || SeenBy(ctx, db, m.OrgCode, q) {
		return nil
	}
	return govmedia.Errorf(govmedia.ENOTFOUND, "citizens.question_not_found", "id", q.ID)
}

// SeenBy says whether the people of org, in their unit's chat, may read a
// question: the unit answering it, and, once it is raised, its
// government's office.
func SeenBy(ctx context.Context, db bun.IDB, org string, q *Question) bool {
	if org == q.OrgCode {
		return true
	}
	office, err := RaisedWith(ctx, db, q)
	return err == nil && office == org && !q.EscalatedAt.IsZero()
}

// RaisedWith is the office a question left unanswered is raised with: the
// office of the government its unit belongs to ("" when there is none).
func RaisedWith(ctx context.Context, db bun.IDB, q *Question) (string, error) {
	return officeOver(ctx, db, q.OrgCode)
}

// CheckAnswer refuses unless m may reply to, close or hand over a
// question: an operator or admin of the unit answering it.
func CheckAnswer(ctx context.Context, db bun.IDB, m *registry.Member, q *Question) error {
	if err := CheckSee(ctx, db, m, q); err != nil {
		return err
	}
	if m.OrgCode != q.OrgCode || (m.Role != registry.Operator && m.Role != registry.Admin) {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "citizens.answer_forbidden")
	}
	return nil
}

// CheckWelcome refuses unless m may set the welcome of the accounts its
// unit hosts: an operator or admin (SetWelcome checks the account).
func CheckWelcome(m *registry.Member) error {
	if m.Role != registry.Operator && m.Role != registry.Admin {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "citizens.welcome_forbidden")
	}
	return nil
}

// HandOverScope is the top of the tree of units m may hand a question
// over to: the whole city (the root above m's unit).
func HandOverScope(ctx context.Context, db bun.IDB, m *registry.Member) string {
	up, err := registry.Ancestors(ctx, db, m.OrgCode)
	if err != nil || len(up) == 0 {
		return m.OrgCode
	}
	return up[len(up)-1].Code
}

// officeOver is the office of the government an org belongs to: where a
// question left unanswered is raised.
func officeOver(ctx context.Context, db bun.IDB, org string) (string, error) {
	offices, err := registry.ApprovingOffices(ctx, db, org)
	if err != nil || len(offices) == 0 {
		return "", err
	}
	return offices[0], nil
}
