package bot

import (
	"context"
	"encoding/json"

	"github.com/uptrace/bun"
)

// session is a user's form in progress, kept in PostgreSQL so that a
// restart resumes where the user was.
type session struct {
	bun.BaseModel `bun:"table:bot_sessions"`

	TelegramUserID int64           `bun:"telegram_user_id,pk"`
	Form           json.RawMessage `bun:"form,type:jsonb"`
	UpdatedAt      any             `bun:"updated_at"`
}

// loadForm returns the user's form in progress, nil if none.
func (b *Bot) loadForm(ctx context.Context, user int64) (*form, error) {
	s := new(session)
	err := b.db.NewSelect().Model(s).Where("telegram_user_id = ?", user).Scan(ctx)
	if isNoRows(err) || (err == nil && (len(s.Form) == 0 || string(s.Form) == "null")) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f := new(form)
	return f, json.Unmarshal(s.Form, f)
}

// saveForm stores the user's form, or clears it when f is nil.
func (b *Bot) saveForm(ctx context.Context, user int64, f *form) error {
	if f == nil {
		_, err := b.db.NewDelete().Model((*session)(nil)).Where("telegram_user_id = ?", user).Exec(ctx)
		return err
	}
	raw, err := json.Marshal(f)
	if err != nil {
		return err
	}
	s := &session{TelegramUserID: user, Form: raw, UpdatedAt: b.now()}
	_, err = b.db.NewInsert().Model(s).On("CONFLICT (telegram_user_id) DO UPDATE").
		Set("form = EXCLUDED.form, updated_at = EXCLUDED.updated_at").Exec(ctx)
	return err
}
