package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"govmedia/oversight/content"
	"time"

	"github.com/uptrace/bun"
)

// Preview is what the approver of a publication sees: the articles, the
// accounts it resolves to now, and those it cannot reach yet.
type Preview struct {
	Titles        []string    `json:"titles"`
	Bodies        []string    `json:"bodies,omitempty"` // a digest of each article's body, to tell a revision's changes
	Covers        []string    `json:"covers,omitempty"` // and of its cover
	Mode          Mode        `json:"mode"`
	Targets       int         `json:"targets"`
	Names         []string    `json:"names"` // the first twenty
	NoCredentials []string    `json:"no_credentials,omitempty"`
	NoQuota       []QuotaWait `json:"no_quota,omitempty"`
	// Content is what the content check found (its warnings: a submission
	// with blocking findings is refused), as it stood at submission.
	Content *content.Report `json:"content,omitempty"`
}

// QuotaWait is an account whose mass-send quota is used up until Returns.
type QuotaWait struct {
	Name    string    `json:"name"`
	Returns time.Time `json:"returns"`
}

// Preview resolves a publication's targets as they stand now.
func (p *Publisher) Preview(ctx context.Context, id int64) (*Preview, error) {
	pub, err := loadPublication(ctx, p.db, id)
	if err != nil {
		return nil, err
	}
	return p.preview(ctx, p.db, pub)
}

func (p *Publisher) preview(ctx context.Context, db bun.IDB, pub *Publication) (*Preview, error) {
	targets, err := resolve(ctx, db, pub.Targets)
	if err != nil {
		return nil, err
	}
	pv := &Preview{Mode: pub.Mode, Targets: len(targets)}
	for _, a := range pub.Articles {
		pv.Titles = append(pv.Titles, a.Title)
		pv.Bodies, pv.Covers = append(pv.Bodies, digest([]byte(a.Content))), append(pv.Covers, digest(a.Cover))
	}
	for i, t := range targets {
		if i < 20 {
			pv.Names = append(pv.Names, t.Name)
		}
		if !t.HasSecrets {
			pv.NoCredentials = append(pv.NoCredentials, t.Name)
		}
		if pub.Mode == Broadcast {
			returns, err := quotaReturns(ctx, db, t.ID, t.Kind, p.now())
			if err != nil {
				return nil, err
			}
			if !returns.IsZero() {
				pv.NoQuota = append(pv.NoQuota, QuotaWait{Name: t.Name, Returns: returns})
			}
		}
	}
	return pv, nil
}

// PreviewTargets resolves targets as a draft would, before it is submitted.
func (p *Publisher) PreviewTargets(ctx context.Context, issuer string, t Targets, mode Mode) (*Preview, error) {
	if err := p.checkTargets(ctx, p.db, issuer, t); err != nil {
		return nil, err
	}
	return p.preview(ctx, p.db, &Publication{Targets: t, Mode: mode})
}

// DefaultTargets are every account of the issuer's government and below.
func (p *Publisher) DefaultTargets(ctx context.Context, issuer string) (Targets, error) {
	scope, err := scopeOf(ctx, p.db, issuer)
	return Targets{Org: scope, Descendants: true}, err
}

// digest is a short fingerprint of content, to tell whether it changed.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
