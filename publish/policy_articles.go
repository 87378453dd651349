package publish

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"govmedia"
)

// articles makes the draft's articles, policy first, and checks them as
// any publication's: bodies, covers, targets. A problem WeChat would have
// with an article is reported as the policy's or the interpretation's.
func (c *policyCheck) articles(ctx context.Context, pd PolicyDraft, cp *checkedPolicy) error {
	bodies := []Body{pd.Body}
	for _, in := range pd.Interpretations[:len(cp.interps)] {
		bodies = append(bodies, in.Body)
	}
	unread := map[int]bool{}
	var arts []DraftArticle
	for k, b := range bodies {
		text, format, err := bodyHTML(b)
		if err != nil {
			c.probs.addErr(k, "body", err)
			unread[k], text, format = true, "-", "text"
		}
		arts = append(arts, DraftArticle{Title: articleTitle(c.partTitle(cp, k)), Author: c.author(cp, k), Digest: c.digest(cp, k),
			Body: text, Format: format, Images: b.Images})
	}
	cp.draft = Draft{Kind: PolicyKind, Mode: pd.Mode, Targets: pd.Targets, Articles: arts}
	articles, images, err := c.p.checkDraft(ctx, c.tx, c.by.OrgCode, cp.draft)
	var fields govmedia.FieldErrors
	var single *govmedia.Error
	switch {
	case errors.As(err, &fields):
		c.articleProblems(fields, unread)
	case errors.As(err, &single):
		c.probs = append(c.probs, policyProblem{Field: "targets", Err: single})
	case err != nil:
		return err
	default:
		cp.articles, cp.images = articles, images
		c.pictures(cp)
	}
	return nil
}

// articleProblems reports what the article checks found, once for the
// default cover all articles share, and nothing the policy's own checks
// said already (an empty title, a body that could not be read).
func (c *policyCheck) articleProblems(fields govmedia.FieldErrors, unread map[int]bool) {
	covers := map[string]bool{}
	for _, f := range fields {
		part := max(f.Row-1, 0)
		switch {
		case f.Column == "title", f.Column == "author", f.Column == "digest":
			continue
		case f.Column == "body" && unread[part]:
			continue
		case f.Column == "cover":
			if covers[f.Err.Key] {
				continue
			}
			covers[f.Err.Key], part = true, 0
		}
		c.probs = append(c.probs, policyProblem{Part: part, Field: f.Column, Err: f.Err})
	}
}

// pictures refuses an illustrated interpretation or a graphic without a
// picture.
func (c *policyCheck) pictures(cp *checkedPolicy) {
	for _, in := range cp.interps {
		if in.Form.needsPicture() && !strings.Contains(cp.articles[in.Position].Content, `src="`+imageRef) {
			c.probs.add(in.Position, "body", "policy.picture_required", "form", govmedia.Text("policy.form."+string(in.Form)))
		}
	}
}

func (c *policyCheck) partTitle(cp *checkedPolicy, k int) string {
	if k == 0 {
		return cp.policy.Title
	}
	return cp.interps[k-1].Title
}

// author is the article's author as WeChat shows it: the issuing or
// author org's name, when it fits WeChat's 16 characters.
func (c *policyCheck) author(cp *checkedPolicy, k int) string {
	code := cp.policy.IssuingOrg
	if k > 0 {
		code = cp.interps[k-1].AuthorOrg
	}
	if o := c.scope[code]; o != nil && utf8.RuneCountInString(o.Name) <= maxAuthor {
		return o.Name
	}
	return ""
}

// digest is what WeChat shows under an article's title: the policy's
// number, issuer and date; an interpretation's form and the policy it
// explains.
func (c *policyCheck) digest(cp *checkedPolicy, k int) string {
	pol := cp.policy
	var s string
	if k == 0 {
		parts := []string{pol.Number}
		if o := c.scope[pol.IssuingOrg]; o != nil {
			parts = append(parts, o.Name)
		}
		if !pol.IssuedOn.IsZero() {
			parts = append(parts, FormatIssueDate(pol.IssuedOn))
		}
		s = strings.Join(parts, " ")
	} else {
		s = govmedia.Print(govmedia.Chinese, "policy.digest_interpretation", "form",
			govmedia.Text("policy.form."+string(cp.interps[k-1].Form)), "title", pol.Title)
	}
	return cutRunes(strings.TrimSpace(s), maxDigest)
}

// articleTitle is a title as WeChat takes it: cut to 32 characters.
func articleTitle(s string) string { return cutRunes(s, maxTitle) }

func cutRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// bodyHTML is a body as prepareBody takes it: a Word document converted
// to HTML, other formats as they are.
func bodyHTML(b Body) (text, format string, err error) {
	if b.Format == "docx" {
		h, err := DOCXToHTML(b.File)
		return h, "html", err
	}
	return b.Text, b.Format, nil
}
