package publish

import (
	"context"
	"strings"
)

// DraftOf returns a stored publication as a draft that submits it as it
// is: the start of a revision, where the author changes only some parts.
func (p *Publisher) DraftOf(ctx context.Context, id int64) (Draft, error) {
	pub, err := loadPublication(ctx, p.db, id)
	if err != nil {
		return Draft{}, err
	}
	var images []*Image
	if err := p.db.NewSelect().Model(&images).Where("publication_id = ?", id).Scan(ctx); err != nil {
		return Draft{}, err
	}
	d := Draft{Kind: pub.Kind, Mode: pub.Mode, Targets: pub.Targets}
	for _, a := range pub.Articles {
		da := DraftArticle{Title: a.Title, Author: a.Author, Digest: a.Digest, SourceURL: a.SourceURL, Format: "html",
			Body: strings.ReplaceAll(a.Content, `src="`+imageRef, `src="`), Cover: a.Cover, CoverName: a.CoverName,
			Images: map[string][]byte{}}
		for _, img := range images {
			if strings.Contains(a.Content, `src="`+imageRef+img.Name+`"`) {
				da.Images[img.Name] = img.Data
			}
		}
		d.Articles = append(d.Articles, da)
	}
	return d, nil
}
