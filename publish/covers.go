package publish

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"

	"github.com/uptrace/bun"

	"govmedia/registry"
)

// orgCover is an org's default cover for its publications.
type orgCover struct {
	bun.BaseModel `bun:"table:org_covers"`

	OrgCode   string `bun:"org_code,pk"`
	Cover     []byte `bun:"cover"`
	CoverName string `bun:"cover_name"`
	UpdatedAt any    `bun:"updated_at"`
}

// defaultCover is the cover of the nearest org, from org up, that has one.
func defaultCover(ctx context.Context, db bun.IDB, org string) ([]byte, string, error) {
	up, err := registry.Ancestors(ctx, db, org)
	if err != nil {
		return nil, "", err
	}
	for _, o := range up {
		c := new(orgCover)
		err := db.NewSelect().Model(c).Where("org_code = ?", o.Code).Scan(ctx)
		if err == nil {
			return c.Cover, c.CoverName, nil
		}
		if !isNoRows(err) {
			return nil, "", err
		}
	}
	return nil, "", nil
}

// SetDefaultCover sets the cover an org's publications use when they
// bring none (orgs below it inherit it).
func (p *Publisher) SetDefaultCover(ctx context.Context, org string, data []byte, name string) error {
	if errs := checkCover(0, data); len(errs) > 0 {
		return errs
	}
	if _, err := p.reg.Org(ctx, org); err != nil {
		return err
	}
	_, err := p.db.NewInsert().Model(&orgCover{OrgCode: org, Cover: data, CoverName: coverNameOr(name, data), UpdatedAt: p.now()}).
		On("CONFLICT (org_code) DO UPDATE").Set("cover = EXCLUDED.cover, cover_name = EXCLUDED.cover_name, updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	return err
}

// PlainCover is a cover for a publication the service composes itself
// when its org has no default cover: a plain band, so that a catalog's
// approval never fails for want of a picture.
func PlainCover() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 900, 383))
	for x := range 900 {
		for y := range 383 {
			img.Set(x, y, color.RGBA{R: 178, G: uint8(34 + y/8), B: uint8(34 + x/20), A: 255})
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	return buf.Bytes()
}
