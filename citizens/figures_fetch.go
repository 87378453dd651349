package citizens

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"govmedia/postgres"
	"govmedia/registry"
	"govmedia/wechat"
)

// fetchFiguresArgs fetches WeChat's follower figures (periodic).
type fetchFiguresArgs struct{}

// Kind names the job.
func (fetchFiguresArgs) Kind() string { return "citizens.follower_figures" }

// figuresEvery is how often the fetch looks for days due: hourly, so
// that each day is fetched on the first run after WeChat has it ready
// (08:00 the next morning), and days missed while the service was down are
// caught up.
const figuresEvery = time.Hour

// readyAt is when WeChat has a day's figures ready: 08:00 Beijing time the
// next morning, which is midnight UTC at the end of the day's date.
func readyAt(day time.Time) time.Time { return day.AddDate(0, 0, 1) }

func (c *Citizens) scheduleFigures(q *postgres.Queue) {
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[fetchFiguresArgs]) error {
		return c.FetchFollowerFigures(ctx)
	}))
	q.Every(figuresEvery, func() river.JobArgs { return fetchFiguresArgs{} })
}

// due is an active WeChat account with days whose figures are not in.
type due struct {
	AccountID int64     `bun:"account_id"`
	First     time.Time `bun:"first"`
}

// FetchFollowerFigures fetches, for every active WeChat account whose
// credentials are stored, WeChat's own figures of each of the last 7 days
// that WeChat has ready and that are not yet in, in one range per
// account, into the account's follower days beside the follows and
// unfollows counted from its events; running it again fetches nothing
// twice. Days WeChat will not give are marked with why — no right to the
// statistics (48001: unverified) or another refusal — and not asked for
// again; an account without credentials is not asked (FollowerFigures
// says so). A failure worth a retry (WeChat unreachable, busy) leaves its
// days due and is returned after the other accounts are done; a run cut
// short by its deadline keeps what it fetched.
func (c *Citizens) FetchFollowerFigures(ctx context.Context) error {
	if c.wx == nil {
		return errors.New("citizens: FetchFollowerFigures without UseWeChat")
	}
	last := c.lastReadyDay(c.now())
	first := last.AddDate(0, 0, -(wechat.MaxFigureDays - 1))
	var list []due
	err := c.db.NewRaw(`SELECT a.id AS account_id, min(d.day)::date AS first
		FROM accounts AS a JOIN wechat_credentials AS c ON c.account_id = a.id
		CROSS JOIN generate_series(?::date, ?::date, interval '1 day') AS d(day)
		LEFT JOIN follower_days AS f ON f.account_id = a.id AND f.day = d.day::date
		WHERE a.platform = ? AND a.state = ? AND f.wechat_fetched_at IS NULL AND f.wechat_missing IS NULL
		GROUP BY a.id ORDER BY a.id`, first, last, registry.WeChatOA, registry.Active).Scan(ctx, &list)
	if err != nil {
		return err
	}
	var (
		mu    sync.Mutex
		retry error
		wg    sync.WaitGroup
		turns = make(chan struct{}, figuresAtOnce)
	)
	for _, d := range list {
		if ctx.Err() != nil {
			break // the run's deadline: the days left stay due
		}
		turns <- struct{}{}
		wg.Go(func() {
			defer func() { <-turns }()
			if err := c.fetchFigures(ctx, d.AccountID, d.First, last); err != nil {
				slog.Warn("wechat follower figures not fetched; the next run tries again", "account", d.AccountID, "err", err)
				mu.Lock()
				retry = err
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if retry == nil {
		retry = ctx.Err()
	}
	return retry
}

// figuresAtOnce is how many accounts' figures are fetched at once: WeChat's
// limits are per account, and each fetch mostly waits for WeChat.
const figuresAtOnce = 8

// lastReadyDay is the latest day whose figures WeChat has ready at now.
func (c *Citizens) lastReadyDay(now time.Time) time.Time {
	day := dateOf(now).AddDate(0, 0, -1)
	if now.Before(readyAt(day)) {
		day = day.AddDate(0, 0, -1)
	}
	return day
}

// fetchFigures fetches one account's figures of the days from..to and
// keeps them, or marks the days with why they cannot be had.
func (c *Citizens) fetchFigures(ctx context.Context, accountID int64, from, to time.Time) error {
	client, err := c.wx.For(ctx, accountID)
	if err != nil {
		return err // the credentials just removed, or no key: nothing WeChat said
	}
	days, err := client.UserFigures(ctx, from, to)
	if err == nil {
		return c.keepFigures(ctx, accountID, days)
	}
	missing := missingReason(err)
	if missing == "" {
		return err
	}
	return c.markMissing(ctx, accountID, from, to, missing)
}

// missingReason is why a failure means the figures cannot be had, ""
// when trying again may help.
func missingReason(err error) string {
	switch {
	case wechat.ErrCode(err) == 48001:
		return "unauthorized"
	case wechat.Classify(err) == wechat.ClassPermanent && wechat.ErrCode(err) != 0:
		return "refused"
	}
	return ""
}

// keepFigures writes WeChat's figures beside the counted ones, in one
// transaction.
func (c *Citizens) keepFigures(ctx context.Context, accountID int64, days []wechat.UserDay) error {
	return c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		for _, d := range days {
			_, err := tx.NewRaw(`INSERT INTO follower_days (account_id, day, wechat_new, wechat_cancel, wechat_cumulate, wechat_fetched_at)
				VALUES (?, ?::date, ?, ?, ?, ?) ON CONFLICT (account_id, day) DO UPDATE SET wechat_new = EXCLUDED.wechat_new,
				wechat_cancel = EXCLUDED.wechat_cancel, wechat_cumulate = EXCLUDED.wechat_cumulate,
				wechat_fetched_at = EXCLUDED.wechat_fetched_at, wechat_missing = NULL`,
				accountID, d.Day, d.New, d.Cancel, d.Cumulate, now).Exec(ctx)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// markMissing records why the days from..to have no figures of WeChat's.
func (c *Citizens) markMissing(ctx context.Context, accountID int64, from, to time.Time, why string) error {
	return c.inTx(ctx, func(tx bun.Tx, _ time.Time) error {
		_, err := tx.NewRaw(`INSERT INTO follower_days (account_id, day, wechat_missing)
			SELECT ?, d::date, ? FROM generate_series(?::date, ?::date, interval '1 day') AS d
			ON CONFLICT (account_id, day) DO UPDATE SET wechat_missing = EXCLUDED.wechat_missing
			WHERE follower_days.wechat_fetched_at IS NULL`, accountID, why, from, to).Exec(ctx)
		return err
	})
}
