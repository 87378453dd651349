package publish

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// maxPolicyTitle bounds a policy's or an interpretation's title; its
// article's title is cut to WeChat's 32 characters (see articleTitle).
const maxPolicyTitle = 100

// checkedPolicy is a policy draft made ready to store.
type checkedPolicy struct {
	policy      *Policy
	interps     []*Interpretation
	attachments []*PolicyAttachment
	draft       Draft
	articles    []*Article
	images      []*Image
}

// policyCheck checks one draft for one submitter, in one transaction.
type policyCheck struct {
	p     *Publisher
	tx    bun.Tx
	by    *registry.Member
	scope map[string]*registry.Org // the orgs of the submitter's government, by code
	probs policyProblems
}

// checkPolicy validates a policy draft, interpretations and attachments
// included, and returns it ready to store, or every problem found. self
// is the publication being revised (0 for a new one): its own number is
// not taken.
func (p *Publisher) checkPolicy(ctx context.Context, tx bun.Tx, by *registry.Member, pd PolicyDraft, self int64) (*checkedPolicy, error) {
	c := &policyCheck{p: p, tx: tx, by: by}
	if err := c.loadScope(ctx); err != nil {
		return nil, err
	}
	cp := &checkedPolicy{policy: c.policy(ctx, pd, self)}
	c.interpretations(pd, cp)
	cp.attachments = c.attachments(pd.Attachments)
	if err := c.articles(ctx, pd, cp); err != nil {
		return nil, err
	}
	return cp, c.probs.err()
}

func (c *policyCheck) loadScope(ctx context.Context) error {
	scope, err := scopeOf(ctx, c.tx, c.by.OrgCode)
	if err != nil {
		return err
	}
	codes, err := registry.Subtree(ctx, c.tx, scope)
	if err != nil {
		return err
	}
	var orgs []*registry.Org
	if err := c.tx.NewSelect().Model(&orgs).Where("code IN (?)", bun.List(codes)).Scan(ctx); err != nil {
		return err
	}
	c.scope = map[string]*registry.Org{}
	for _, o := range orgs {
		c.scope[o.Code] = o
	}
	return nil
}

// org resolves an issuing or author org: the submitter's own when none
// is given, one of its government's otherwise.
func (c *policyCheck) org(part int, field, code string) string {
	if code = strings.TrimSpace(code); code == "" {
		code = c.by.OrgCode
	}
	if c.scope[code] == nil {
		c.probs.add(part, field, "policy.org_outside", "org", shorten(code))
	}
	return code
}

func (c *policyCheck) title(part int, s string) string {
	s = strings.Join(strings.Fields(s), " ")
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		c.probs.add(part, "title", "policy.title_required")
	case n > maxPolicyTitle:
		c.probs.add(part, "title", "policy.title_too_long", "max", maxPolicyTitle, "count", n)
	}
	return s
}

func (c *policyCheck) policy(ctx context.Context, pd PolicyDraft, self int64) *Policy {
	today := civilDate(c.p.now().In(govmedia.ChinaTime))
	pol := &Policy{Title: c.title(0, pd.Title), IssuingOrg: c.org(0, "issuer", pd.IssuingOrg), Domains: []string{}}
	if n, err := ParseDocNumber(pd.Number, today.Year()); err != nil {
		c.probs.addErr(0, "number", err)
	} else {
		pol.Number = n.String()
		c.numberFree(ctx, pol.Number, self)
	}
	switch {
	case pd.IssuedOn.IsZero():
		c.probs.add(0, "date", "policy.date_required")
	case civilDate(pd.IssuedOn).After(today):
		c.probs.add(0, "date", "policy.date_future", "date", FormatIssueDate(civilDate(pd.IssuedOn)))
	}
	pol.IssuedOn = civilDate(pd.IssuedOn)
	c.domains(ctx, pd.Domains, pol)
	return pol
}

// numberFree refuses a number another policy in review or published has.
func (c *policyCheck) numberFree(ctx context.Context, number string, self int64) {
	// Why the lock: two offices submitting the same number at once would
	// each find it free; the second now waits for the first to commit.
	if _, err := c.tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext('policy:' || ?))", number); err != nil {
		c.probs.addErr(0, "number", err)
		return
	}
	taken, err := c.tx.NewSelect().TableExpr("policies AS po").Join("JOIN publications AS pub ON pub.id = po.publication_id").
		Where("po.doc_number = ? AND po.publication_id <> ?", number, self).
		Where("pub.state IN (?)", bun.List([]PublicationState{InReview, Delivering, Done})).Exists(ctx)
	switch {
	case err != nil:
		c.probs.addErr(0, "number", err)
	case taken:
		c.probs.add(0, "number", "policy.number_taken", "number", number)
	}
}

func (c *policyCheck) domains(ctx context.Context, codes []string, pol *Policy) {
	names, err := c.p.reg.DomainNames(ctx)
	if err != nil {
		c.probs.addErr(0, "domains", err)
		return
	}
	for _, d := range codes {
		switch {
		case names[d] == "":
			c.probs.add(0, "domains", "policy.domain_unknown", "domain", shorten(d))
		case !slices.Contains(pol.Domains, d):
			pol.Domains = append(pol.Domains, d)
		}
	}
}

func (c *policyCheck) interpretations(pd PolicyDraft, cp *checkedPolicy) {
	switch n := len(pd.Interpretations); {
	case n == 0:
		c.probs.add(0, "interpretations", "policy.interpretation_required")
	case n > MaxInterpretations:
		c.probs.add(0, "interpretations", "policy.too_many_interpretations", "max", MaxInterpretations, "count", n)
	}
	for i, in := range pd.Interpretations[:min(len(pd.Interpretations), MaxInterpretations)] {
		k := i + 1
		if !slices.Contains(InterpretationForms, in.Form) {
			c.probs.add(k, "form", "policy.form_invalid", "form", shorten(string(in.Form)))
		}
		cp.interps = append(cp.interps, &Interpretation{Position: k, Form: in.Form, Title: c.title(k, in.Title),
			AuthorOrg: c.org(k, "author", in.AuthorOrg)})
	}
}
