// Package keyring keeps the secret keys of the service in step across its
// replicas, and rotates them without a restart.
//
// # What a replica holds
//
// Each process holds a govmedia.SecretBox: a ring of keys that opens a
// sealed value under whichever key sealed it (the value's first four bytes
// are that key's fingerprint) and seals under its current key. It starts
// with GOVMEDIA_SECRET_KEY (Start).
//
// # What the database holds
//
// secret_keys has one row: the fingerprint of the key in use, the one every
// new value must be sealed under. secret_key_handover holds, while a
// rotation is being handed over, each of its two keys wrapped (sealed)
// under the other: a replica that holds either learns the other, and then
// any key wrapped under that one, and so on.
//
// # Sealing
//
// Every path that stores a sealed value seals through Seal (or Reseal,
// Sign) in the transaction that writes it. Seal reads the key row FOR
// SHARE, learns the key it names from the handover if the replica does
// not hold it yet, and seals under exactly that key. The share lock is held
// until the transaction ends. A rotation locks the same row FOR UPDATE as
// its first statement and changes it as its last, so that:
//
//   - a sealing transaction that locked the row first commits before the
//     rotation can go on, and the rotation, reading after its lock, re-seals
//     what it wrote;
//   - a sealing transaction that comes later waits for the rotation to end
//     and then reads the new fingerprint (PostgreSQL re-reads a row updated
//     by the transaction it waited for).
//
// No value is therefore ever sealed under the old key after a rotation has
// committed, by any replica, without a restart.
//
// # Noticing a rotation
//
// The rotation notifies channel govmedia_secret_keys on commit. Follow,
// run by `govmedia serve`, listens and refreshes the box (and looks every
// minute in case a notification was missed), so that values opened or
// sealed in memory only (the bot's forms in progress) follow within
// milliseconds; Open refreshes the box when it meets a value sealed under a
// key it does not hold yet.
//
// # Rotating
//
// Rotate runs in one transaction: it locks the key row, re-seals every
// stored value under the new key through the steps it is given (each part
// of the service contributes the steps for the values it keeps, see Step),
// writes the handover and names the new key in use. A replica restarted
// with either key keeps working while the handover lasts. Once every
// replica runs with the new key, Finish re-seals anything still under an
// old key (a value copied from before the rotation, a form a lagging
// replica sealed in memory) and removes the handover; from then on only
// the new key starts a replica.
//
// A transaction that locks a row a rotation re-seals and only then seals
// may deadlock with the rotation; PostgreSQL then cancels one of the two.
// Sealing paths therefore seal (or call Lock) before they lock rows.
package keyring
