package bot_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"
)

// periodicKinds are jobs the queue adds on its own schedule; a snapshot
// leaves them out, as they come whatever a test does.
var periodicKinds = []string{"bot.remind", "registry.close_due", "publish.sweep", "publish.poll"}

// snapshotTables are what a forged press must leave as it was.
var snapshotTables = []string{"applications", "application_steps", "accounts", "account_history", "members", "invites",
	"bot_sessions", "bot_prompts", "review_chats", "publications", "publication_articles", "deliveries", "wechat_credentials",
	"milestones", "milestone_confirmations", "monthly_reports", "update_confirmations"}

// snapshot fingerprints every row of the tables a user's action can
// change, the audit log's length, and the jobs queued (but periodic ones).
func snapshot(t testing.TB, db bun.IDB) string {
	t.Helper()
	ctx := context.Background()
	var parts []string
	for _, table := range snapshotTables {
		var sum string
		q := fmt.Sprintf("SELECT coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM %s x", table)
		if err := db.NewRaw(q).Scan(ctx, &sum); err != nil {
			t.Fatalf("snapshot of %s: %v", table, err)
		}
		parts = append(parts, table+"="+sum)
	}
	var audit, jobs string
	if err := db.NewRaw("SELECT count(*) || ':' || coalesce(max(id), 0) FROM audit_log").Scan(ctx, &audit); err != nil {
		t.Fatal(err)
	}
	err := db.NewRaw(`SELECT coalesce(md5(string_agg(kind || args::text, '|' ORDER BY id)), '') FROM river_job WHERE kind NOT IN (?)`,
		bun.List(periodicKinds)).Scan(ctx, &jobs)
	if err != nil {
		t.Fatal(err)
	}
	parts = append(parts, "audit="+audit, "jobs="+jobs)
	return fmt.Sprintf("%x", sha256.Sum256([]byte(strings.Join(parts, "\n"))))[:16] + " " + strings.Join(parts, " ")
}

// waitIdle waits until every job queued but the periodic ones has ended,
// so that what the set-up queued no longer changes the tables.
func waitIdle(t testing.TB, db bun.IDB) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var open int
		err := db.NewRaw(`SELECT count(*) FROM river_job WHERE kind NOT IN (?) AND state NOT IN ('completed', 'cancelled', 'discarded')`,
			bun.List(periodicKinds)).Scan(context.Background(), &open)
		if err != nil {
			t.Fatal(err)
		}
		if open == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d jobs still open after 20 s", open)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
