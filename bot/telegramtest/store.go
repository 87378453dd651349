package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// Open returns a server that keeps its state in dir, as Telegram keeps a
// bot's chats: a server stopped or killed and opened again on the same
// folder has the people, the groups, every message with its keyboard and
// edits, the files, the command menus and the updates the bot has not yet
// confirmed, so that a sandbox page shows the history after a restart and
// the bot gets what it missed. The state is one JSON file (state.json,
// written to a temporary file and renamed) plus one file per uploaded
// file's bytes, written whenever a change is complete, before anyone is
// answered. The snapshot is written whole each time: right for a sandbox's
// thousands of messages, not for a load test. New gives a server that
// keeps everything in memory; log may be nil.
func Open(dir string, opts Options, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	st := &store{dir: dir, log: log, written: map[string]bool{}}
	if err := os.MkdirAll(st.filesDir(), 0o700); err != nil {
		return nil, err
	}
	s := New(opts)
	if err := st.load(s); err != nil {
		return nil, err
	}
	s.mu.Lock()
	st.saved = s.versionLocked()
	s.store = st
	s.mu.beforeUnlock = s.keepLocked
	s.mu.Unlock()
	return s, nil
}

// stateLock is the server's mutex. For a server that keeps its state,
// releasing it first writes the state if it changed: every change is
// made under the lock, so none is answered before it is kept.
type stateLock struct {
	sync.Mutex
	beforeUnlock func() // nil in memory
}

// Unlock keeps the state, then releases the lock.
func (l *stateLock) Unlock() {
	if l.beforeUnlock != nil {
		l.beforeUnlock()
	}
	l.Mutex.Unlock()
}

// store writes the server's state into its folder.
type store struct {
	dir     string
	log     *slog.Logger
	saved   version         // the state the folder holds
	written map[string]bool // files whose bytes are in the folder
}

func (st *store) statePath() string { return filepath.Join(st.dir, "state.json") }
func (st *store) filesDir() string  { return filepath.Join(st.dir, "files") }

// version tells apart the states worth keeping: every change to a chat
// logs an event, an update queued or confirmed moves the queue, a file or
// a press takes a number, and the people's flags are counted.
type version struct {
	event                         int64
	lastUpdate, pending, first    int
	allowed                       int
	seq                           int64
	people, started, blocked, cmd int
}

// versionLocked is the state's version. Call with s.mu held.
func (s *Server) versionLocked() version {
	v := version{lastUpdate: s.updates.lastID, pending: len(s.updates.pending), allowed: len(s.updates.allowed),
		seq: s.seq, people: len(s.people), cmd: len(s.commands)}
	if n := len(s.events); n > 0 {
		v.event = s.events[n-1].Seq
	}
	if v.pending > 0 {
		v.first = s.updates.pending[0].UpdateID
	}
	for _, p := range s.people {
		if p.started {
			v.started++
		}
		if p.blocked {
			v.blocked++
		}
	}
	return v
}

// keepLocked writes the state if it changed since it was last written: the
// bytes of new files first, then the snapshot that names them. A failure
// is logged and tried again at the next change. Call with s.mu held.
func (s *Server) keepLocked() {
	st := s.store
	v := s.versionLocked()
	if v == st.saved {
		return
	}
	if err := st.writeFiles(s.files); err != nil {
		st.log.Error("telegramtest: keeping a file", "err", err)
		return
	}
	raw, err := json.Marshal(s.snapshotLocked())
	if err == nil {
		err = writeAtomically(st.statePath(), raw)
	}
	if err != nil {
		st.log.Error("telegramtest: keeping the state", "err", err)
		return
	}
	st.saved = v
}

// writeFiles writes the bytes of the files not yet in the folder.
func (st *store) writeFiles(files map[string]*storedFile) error {
	for id, f := range files {
		if st.written[id] {
			continue
		}
		if err := writeAtomically(filepath.Join(st.filesDir(), id), f.data); err != nil {
			return err
		}
		st.written[id] = true
	}
	return nil
}

// load reads the folder's state into s, if there is one.
func (st *store) load(s *Server) error {
	raw, err := os.ReadFile(st.statePath())
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var snap snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		return fmt.Errorf("telegramtest: %s: %w", st.statePath(), err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.restoreLocked(snap, func(id string) ([]byte, error) {
		data, err := os.ReadFile(filepath.Join(st.filesDir(), filepath.Base(id)))
		st.written[id] = err == nil
		return data, err
	})
}

// writeAtomically replaces path with data: a process started after a
// crash finds the old file or the new one, never half of one.
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
