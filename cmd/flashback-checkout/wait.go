package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// waitCommand polls a session until it is complete or expired.
type waitCommand struct {
	client   *flashback.Client
	id       string
	settings settings
}

// buildWait builds `wait ID`.
func buildWait(s settings, id string) (command, error) {
	if _, err := sessionIDArgument(s, id); err != nil {
		return nil, err
	}
	client, err := s.client()
	if err != nil {
		return nil, err
	}
	return waitCommand{client: client, id: id, settings: s}, nil
}

func (c waitCommand) run(ctx context.Context, stdout, stderr io.Writer) error {
	defer giveUpSignIn(ctx, c.client, stderr)
	ctx, cancel := context.WithTimeout(ctx, c.settings.timeout)
	defer cancel()

	progress := newProgress(stderr, c.id)
	defer progress.stop()
	opts := []flashback.WaitOption{
		flashback.WithPollInterval(c.settings.interval),
		flashback.WithOnPoll(progress.observe),
	}
	if c.settings.subscription {
		opts = append(opts, flashback.WithSubscriptionWait())
	}
	session, err := c.client.WaitForCheckoutSession(ctx, c.id, opts...)
	progress.stop()
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
			last := "no answer yet"
			if session != nil {
				last = "last seen " + describe(session)
			}
			return fmt.Errorf("timed out after %v waiting for %s (%s)", c.settings.timeout, c.id, last)
		}
		return err
	}
	if err := printResult(output{stdout: stdout, stderr: stderr, json: c.settings.json}, session, printSession); err != nil {
		return err
	}
	if session.Status == gen.CheckoutSessionStatusExpired {
		return errExpired
	}
	return nil
}

// describe is a session's state in a few words.
func describe(s *flashback.CheckoutSession) string {
	d := orNone(string(s.Status)) + ", payment " + orNone(string(s.PaymentStatus))
	if s.SubscriptionID != "" {
		d += ", subscription " + s.SubscriptionID
	}
	return d
}

// elapsed formats a duration for progress lines: whole seconds.
func elapsed(d time.Duration) string {
	return d.Round(time.Second).String()
}
