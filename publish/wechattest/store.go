package wechattest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sync"
)

// Open returns a stand-in that keeps its state in dir, as the platform
// keeps an account's: a stand-in stopped or killed and opened again on the
// same folder knows the accounts, tokens, materials, drafts, publications
// and mass sends it had, and finishes the jobs it had under way (one
// overdue at once; it ends in success, whatever outcome a test had queued
// for it). Each account is one JSON file, written (to a temporary file,
// then renamed) whenever a change to it is complete, before the call that
// made it is answered or the event it causes is pushed. New gives a
// stand-in that keeps everything in memory; log may be nil.
func Open(dir string, opts Options, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	s := New(opts)
	s.store = &store{dir: filepath.Join(dir, "accounts"), log: log}
	if err := os.MkdirAll(s.store.dir, 0o700); err != nil {
		return nil, err
	}
	if err := s.load(); err != nil {
		return nil, err
	}
	return s, nil
}

// store writes the accounts' files.
type store struct {
	dir string
	log *slog.Logger
}

// accountLock is an account's mutex. For a stand-in that keeps its state,
// releasing it first writes the account's file if its state changed: every
// change is made under the lock, so none is answered before it is kept.
type accountLock struct {
	sync.Mutex
	keep func() // nil in memory
}

// Unlock keeps the account's state, then releases the lock.
func (l *accountLock) Unlock() {
	if l.keep != nil {
		l.keep()
	}
	l.Mutex.Unlock()
}

// keep makes st's lock write its file from now on; saved is what the file
// holds ("" for a new account, which is written at once).
func (s *Server) keep(st *accountState, saved []byte) {
	if s.store == nil {
		return
	}
	appid := st.cfg.AppID
	st.mu.Lock()
	st.mu.keep = func() { saved = s.store.write(appid, s.recordOf(st), saved) }
	st.mu.Unlock()
}

// write saves an account's record unless it is what the file holds, and
// returns what the file holds now. A failure is logged and tried again at
// the next change.
func (st *store) write(appid string, rec accountRecord, saved []byte) []byte {
	raw, err := json.Marshal(rec)
	if err != nil {
		st.log.Error("wechattest: an account's state does not encode", "appid", appid, "err", err)
		return saved
	}
	if bytes.Equal(raw, saved) {
		return saved
	}
	if err := writeAtomically(filepath.Join(st.dir, fileName(appid)), raw); err != nil {
		st.log.Error("wechattest: keeping an account's state", "appid", appid, "err", err)
		return saved
	}
	return raw
}

// writeAtomically replaces path with data: a reader, or a process started
// after a crash, finds the old file or the new one, never half of one.
func writeAtomically(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // gone already once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// plainAppID is an AppID usable as a file name as it is.
var plainAppID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// fileName is the file of an account.
func fileName(appid string) string {
	if plainAppID.MatchString(appid) {
		return appid + ".json"
	}
	return fmt.Sprintf("x%x.json", appid)
}

// load reads every account's file, and resumes their jobs under way.
func (s *Server) load() error {
	files, err := filepath.Glob(filepath.Join(s.store.dir, "*.json"))
	if err != nil {
		return err
	}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		var rec accountRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return fmt.Errorf("wechattest: %s: %w", name, err)
		}
		st, tokens := rec.restore()
		s.mu.Lock()
		s.accounts[rec.Config.AppID] = st
		for _, t := range tokens {
			s.tokens[t.value] = t
		}
		s.mu.Unlock()
		if top := rec.highestID() - 2247483648; top > s.seq.Load() {
			s.seq.Store(top)
		}
		s.keep(st, raw)
		s.resume(st)
	}
	return nil
}

// resume finishes the jobs st had under way when the stand-in stopped. On
// the platform they went on meanwhile: one already due finishes at once,
// and its event goes to whoever listens at the callback now.
func (s *Server) resume(st *accountState) {
	now := s.now()
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, job := range st.publishes {
		if job.status == Publishing {
			s.after(max(job.updated.Add(s.opts.PublishDelay).Sub(now), 0), func() {
				s.finishPublish(st, job, publishOutcome{status: PublishSuccess})
			})
		}
	}
	for _, m := range st.masses {
		if m.status == "SENDING" {
			s.after(max(m.accepted.Add(s.opts.MassSendDelay).Sub(now), 0), func() { s.finishMass(st, m) })
		}
	}
}

// PutAccount registers an account or, when it is registered already (a
// stand-in opened again on its folder), replaces its configuration (secret,
// kind, callback…) keeping its state, and adds its followers.
func (s *Server) PutAccount(a Account) error {
	if err := a.validate(); err != nil {
		return err
	}
	st := s.account(a.AppID)
	if st == nil {
		return s.AddAccount(a)
	}
	a = a.withDefaults()
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, id := range a.Followers {
		st.followers[id] = true
	}
	a.Followers = nil
	st.cfg = a
	return nil
}
