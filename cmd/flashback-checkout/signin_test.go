package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/flashbacktest"
)

// signInEnv points the command at a fake with no token, and the default
// user's email: each test says where the password comes from.
func signInEnv(t *testing.T) *flashbacktest.Server {
	t.Helper()
	fake := fakeEnv(t)
	t.Setenv("FLASHBACK_TOKEN", "")
	t.Setenv("FLASHBACK_EMAIL", flashbacktest.DefaultEmail)
	t.Setenv("FLASHBACK_PASSWORD", "")
	return fake
}

// paths lists the method and path of every request the fake received.
func paths(fake *flashbacktest.Server) []string {
	var out []string
	for _, r := range fake.Requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// TestWhoamiSignsInByItself: with FLASHBACK_EMAIL and a password instead
// of a token, whoami signs in, prints the profile and no token, and gives
// the sign-in up at the end.
func TestWhoamiSignsInByItself(t *testing.T) {
	for _, from := range []string{"FLASHBACK_PASSWORD", "--password-file"} {
		t.Run(from, func(t *testing.T) {
			fake := signInEnv(t)
			args := []string{"whoami"}
			if from == "FLASHBACK_PASSWORD" {
				t.Setenv("FLASHBACK_PASSWORD", flashbacktest.DefaultPassword)
			} else {
				file := filepath.Join(t.TempDir(), "password")
				if err := os.WriteFile(file, []byte(flashbacktest.DefaultPassword+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--password-file", file)
			}
			code, stdout, stderr := runCommand(t, args...)
			if code != exitOK || !strings.Contains(stdout, flashbacktest.DefaultEmail) {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			got := strings.Join(paths(fake), ", ")
			if want := "POST /user/login, GET /mfa/status, GET /user/profile, POST /user/logout"; got != want {
				t.Errorf("requests %s, want %s", got, want)
			}
			for _, r := range fake.Requests() {
				if _, token, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.Contains(stdout+stderr, token) {
					t.Error("the output shows the access token")
				}
			}
			if strings.Contains(stdout+stderr, flashbacktest.DefaultPassword) {
				t.Error("the output shows the password")
			}
		})
	}
}

// TestPasswordFileWinsOverEnvironment: with both, --password-file is the
// password used, as help says ("default $FLASHBACK_PASSWORD").
func TestPasswordFileWinsOverEnvironment(t *testing.T) {
	fake := signInEnv(t)
	t.Setenv("FLASHBACK_PASSWORD", "not-the-password")
	file := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(file, []byte(flashbacktest.DefaultPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCommand(t, "whoami", "--password-file", file)
	if code != exitOK || !strings.Contains(stdout, flashbacktest.DefaultEmail) {
		t.Fatalf("exit %d, stdout %q, stderr %q; requests %v", code, stdout, stderr, paths(fake))
	}
}

// TestSignInRefusals: no password off a terminal, a wrong one, a password
// flag, and a token with an email are refused with a clear message.
func TestSignInRefusals(t *testing.T) {
	t.Run("no password", func(t *testing.T) {
		fake := signInEnv(t)
		code, _, stderr := runCommand(t, "whoami")
		if code != exitUsage || !strings.Contains(stderr, "FLASHBACK_PASSWORD") || len(fake.Requests()) != 0 {
			t.Errorf("exit %d, stderr %q, %d requests", code, stderr, len(fake.Requests()))
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		fake := signInEnv(t)
		t.Setenv("FLASHBACK_PASSWORD", "wrong-one")
		code, _, stderr := runCommand(t, "whoami")
		if code != exitError || !strings.Contains(stderr, "INVALID_PASSWORD") || strings.Contains(stderr, "wrong-one") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
		if got := strings.Join(paths(fake), ", "); got != "POST /user/login" {
			t.Errorf("requests %s, want the one login", got)
		}
	})
	t.Run("password flag", func(t *testing.T) {
		signInEnv(t)
		code, _, stderr := runCommand(t, "whoami", "--password=hunter2")
		if code != exitUsage || !strings.Contains(stderr, "no --password flag") || strings.Contains(stderr, "hunter2") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("token and email", func(t *testing.T) {
		fake := signInEnv(t)
		t.Setenv("FLASHBACK_TOKEN", fake.Token())
		if code, _, stderr := runCommand(t, "whoami"); code != exitUsage || !strings.Contains(stderr, "unset one") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}

// TestParseUsers reads serve-fake's users and refuses a malformed line
// without quoting it.
func TestParseUsers(t *testing.T) {
	users, err := parseUsers("# test users\nalice@example.com:pa:ss\n\nbob@example.com:\n", "--users-file")
	if err != nil || len(users) != 2 || users[0].password != "pa:ss" || users[1].password != "" {
		t.Fatalf("users %+v, err %v", users, err)
	}
	_, err = parseUsers("alice@example.com:ok\nsecret-without-colon\n", "--users-file")
	if err == nil || !strings.Contains(err.Error(), "line 2") || strings.Contains(err.Error(), "secret") {
		t.Errorf("err = %v", err)
	}
}

// TestServeFakeUsers: serve-fake takes users from --users-file or
// $FLASHBACK_FAKE_USERS, never from a flag's value.
func TestServeFakeUsers(t *testing.T) {
	t.Setenv(fakeUsersEnv, "carol@example.com:from-env")
	cmd, err := buildServeFake(settings{addr: "127.0.0.1:0"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if users := serveFakeUsers(t, cmd); len(users) != 1 || users[0].email != "carol@example.com" {
		t.Errorf("users from the environment: %+v", users)
	}
	file := filepath.Join(t.TempDir(), "users")
	if werr := os.WriteFile(file, []byte("dave@example.com:from-file\n"), 0o600); werr != nil {
		t.Fatal(werr)
	}
	cmd, err = buildServeFake(settings{addr: "127.0.0.1:0", usersFile: file}, "")
	if err != nil {
		t.Fatal(err)
	}
	if users := serveFakeUsers(t, cmd); len(users) != 1 || users[0].password != "from-file" {
		t.Errorf("users from the file: %+v", users)
	}
}

func serveFakeUsers(t *testing.T, cmd command) []fakeUser {
	t.Helper()
	sf, ok := cmd.(serveFakeCommand)
	if !ok {
		t.Fatalf("built %T, not serve-fake", cmd)
	}
	return sf.users
}
