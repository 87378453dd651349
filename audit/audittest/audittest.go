// Package audittest does to an audit log what someone with database rights
// could, for tests that show it is found.
package audittest

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"
)

// rechain recomputes, in SQL, every entry's hash and link from the first
// on, exactly as audit.Seal computes them: sha256 over the fields, each
// prefixed with its length as 8 bytes, big-endian.
const rechain = `DO $$
DECLARE
    e    record;
    prev bytea := ''::bytea;
    h    bytea;
BEGIN
    FOR e IN SELECT * FROM audit_log WHERE seq IS NOT NULL ORDER BY seq LOOP
        h := sha256(
            int8send(octet_length(prev)) || prev
            || int8send(8) || int8send(e.seq)
            || int8send(8) || int8send((extract(epoch FROM e.at) * 1000000)::bigint)
            || int8send(octet_length(convert_to(e.actor, 'UTF8'))) || convert_to(e.actor, 'UTF8')
            || int8send(octet_length(convert_to(e.subject_kind, 'UTF8'))) || convert_to(e.subject_kind, 'UTF8')
            || int8send(octet_length(convert_to(e.subject_id, 'UTF8'))) || convert_to(e.subject_id, 'UTF8')
            || int8send(octet_length(convert_to(e.action, 'UTF8'))) || convert_to(e.action, 'UTF8')
            || int8send(octet_length(convert_to(e.detail::text, 'UTF8'))) || convert_to(e.detail::text, 'UTF8'));
        UPDATE audit_log SET prev_hash = prev, hash = h WHERE id = e.id;
        prev := h;
    END LOOP;
END
$$`

// Rewrite gives entry id a new detail as a superuser would: with the
// append-only trigger disabled, and every hash recomputed, so that the
// chain alone still holds.
func Rewrite(ctx context.Context, db bun.IDB, id int64, detail string) error {
	return asSuperuser(ctx, db, "audit_log", "audit_log_no_update",
		fmt.Sprintf("UPDATE audit_log SET detail = '%s' WHERE id = %d", strings.ReplaceAll(detail, "'", "''"), id), rechain)
}

// Rechain recomputes every hash of the log in SQL and changes nothing
// else: a test that the rewrite's hashing is the service's.
func Rechain(ctx context.Context, db bun.IDB) error {
	return asSuperuser(ctx, db, "audit_log", "audit_log_no_update", rechain)
}

// DropCheckpoints deletes the checkpoints with the given numbers (all of
// them when none is given), as a superuser would.
func DropCheckpoints(ctx context.Context, db bun.IDB, numbers ...int64) error {
	where := "true"
	if len(numbers) > 0 {
		where = "number IN (" + strings.Trim(strings.Join(strings.Fields(fmt.Sprint(numbers)), ","), "[]") + ")"
	}
	return asSuperuser(ctx, db, "audit_checkpoints", "audit_checkpoints_no_update", "DELETE FROM audit_checkpoints WHERE "+where)
}

// asSuperuser runs statements in one transaction with table's trigger off.
func asSuperuser(ctx context.Context, db bun.IDB, table, trigger string, statements ...string) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		all := append([]string{fmt.Sprintf("ALTER TABLE %s DISABLE TRIGGER %s", table, trigger)}, statements...)
		all = append(all, fmt.Sprintf("ALTER TABLE %s ENABLE TRIGGER %s", table, trigger))
		for _, q := range all {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	})
}
