// Package deploy holds what runs govmedia in production beside the binary:
// the compose file (compose.yaml) and the quarterly restore drill
// (restore-drill). Its tests keep them, the repository's Dockerfile and the
// README's configuration table true to the code.
package deploy
