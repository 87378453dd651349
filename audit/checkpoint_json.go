package audit

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// PublicCheckpoint is a checkpoint as it is published and saved: the bytes
// in hex.
type PublicCheckpoint struct {
	Number         int64     `json:"number"`
	HeadSeq        int64     `json:"head_seq"`
	HeadHash       string    `json:"head_hash"`
	Entries        int64     `json:"entries"`
	At             time.Time `json:"at"`
	PrevHash       string    `json:"prev_hash"`
	Hash           string    `json:"hash"`
	KeyFingerprint string    `json:"key_fingerprint"`
	Signature      string    `json:"signature"`
}

// CheckpointList is the document GET /audit/checkpoints serves.
type CheckpointList struct {
	IntervalSeconds int                `json:"interval_seconds"` // how often the service writes one
	Checkpoints     []PublicCheckpoint `json:"checkpoints"`      // newest first
}

// Public returns the checkpoint as it is published.
func (c *Checkpoint) Public() PublicCheckpoint {
	return PublicCheckpoint{Number: c.Number, HeadSeq: c.HeadSeq, HeadHash: hex.EncodeToString(c.HeadHash), Entries: c.Entries,
		At: c.At.UTC(), PrevHash: hex.EncodeToString(c.PrevHash), Hash: hex.EncodeToString(c.Hash),
		KeyFingerprint: c.KeyFingerprint, Signature: hex.EncodeToString(c.Signature)}
}

// checkpoint decodes a published checkpoint.
func (p PublicCheckpoint) checkpoint() (Checkpoint, error) {
	c := Checkpoint{Number: p.Number, HeadSeq: p.HeadSeq, Entries: p.Entries, At: p.At.UTC(), KeyFingerprint: p.KeyFingerprint}
	for _, f := range []struct {
		text string
		into *[]byte
	}{{p.HeadHash, &c.HeadHash}, {p.PrevHash, &c.PrevHash}, {p.Hash, &c.Hash}, {p.Signature, &c.Signature}} {
		b, err := hex.DecodeString(f.text)
		if err != nil {
			return c, fmt.Errorf("checkpoint %d: %w", p.Number, err)
		}
		*f.into = b
	}
	return c, nil
}

// maxCheckpointsShown bounds a page of GET /audit/checkpoints.
const maxCheckpointsShown = 100

// CheckpointsHandler serves GET /audit/checkpoints: the newest checkpoints
// (?limit=, 20 by default, at most 100) as a CheckpointList, for anyone to
// keep a copy of.
func CheckpointsHandler(db *bun.DB, interval time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := 20
		if v := r.URL.Query().Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxCheckpointsShown || len(v) > 3 {
				http.Error(w, "limit: a number from 1 to 100", http.StatusBadRequest)
				return
			}
			limit = n
		}
		list, err := Checkpoints(r.Context(), db, limit)
		if err != nil {
			http.Error(w, "the checkpoints cannot be read now", http.StatusServiceUnavailable)
			return
		}
		doc := CheckpointList{IntervalSeconds: int(interval / time.Second), Checkpoints: make([]PublicCheckpoint, len(list))}
		for i := range list {
			doc.Checkpoints[i] = list[i].Public()
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_ = json.NewEncoder(w).Encode(doc)
	})
}

// maxSavedSize bounds a saved checkpoint file or page read back.
const maxSavedSize = 4 << 20

// ReadSaved reads checkpoints kept outside the database: a file or an
// http(s) URL holding either a CheckpointList (as GET /audit/checkpoints
// serves it) or one PublicCheckpoint (as `govmedia audit checkpoint`
// prints it).
func ReadSaved(ctx context.Context, source string) ([]Checkpoint, error) {
	raw, err := readSource(ctx, source)
	if err != nil {
		return nil, err
	}
	var doc struct {
		CheckpointList
		PublicCheckpoint
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	list := doc.Checkpoints
	if list == nil && doc.Number > 0 {
		list = []PublicCheckpoint{doc.PublicCheckpoint}
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%s holds no checkpoint", source)
	}
	out := make([]Checkpoint, len(list))
	for i, p := range list {
		if out[i], err = p.checkpoint(); err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
	}
	return out, nil
}

func readSource(ctx context.Context, source string) ([]byte, error) {
	if !strings.HasPrefix(source, "http://") && !strings.HasPrefix(source, "https://") {
		f, err := os.Open(source)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(io.LimitReader(f, maxSavedSize))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
	if err != nil {
		return nil, err
	}
	resp, err := (&http.Client{Timeout: 15 * time.Second}).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(source + ": " + resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxSavedSize))
}
