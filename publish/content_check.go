package publish

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"govmedia/oversight/content"
)

// reviewSummary is what a publication's deciders see, as it stands at its
// submission: its preview and, when content is checked, the warnings of
// the check. A blocking finding (a personal number, a blocked word, a link
// outside the allow-list) refuses the submission with its place.
func (p *Publisher) reviewSummary(ctx context.Context, tx bun.Tx, pub *Publication) (*Preview, error) {
	pv, err := p.preview(ctx, tx, pub)
	if err != nil || p.Content == nil {
		return pv, err
	}
	rep, err := p.Content.Check(ctx, tx, articleTexts(pub))
	if err != nil {
		return nil, err
	}
	if err := rep.Refusal(); err != nil {
		return nil, err
	}
	if len(rep.Findings) > 0 {
		pv.Content = &rep
	}
	return pv, nil
}

// articleTexts are the parts of a publication's articles a reader sees.
func articleTexts(pub *Publication) []content.Text {
	var out []content.Text
	for i, a := range pub.Articles {
		n := i + 1
		out = append(out,
			content.Text{Where: fmt.Sprintf("第 %d 篇 · 标题", n), Body: a.Title},
			content.Text{Where: fmt.Sprintf("第 %d 篇 · 摘要", n), Body: a.Digest},
			content.Text{Where: fmt.Sprintf("第 %d 篇 · 正文", n), Body: a.Content, HTML: true})
		if a.SourceURL != "" {
			out = append(out, content.Text{Where: fmt.Sprintf("第 %d 篇 · 原文链接", n), Body: a.SourceURL})
		}
	}
	return out
}
