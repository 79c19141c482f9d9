package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

func newSendCmd() *cobra.Command {
	var (
		addrs   string
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "send [--addr ADDR[,ADDR...]] PAYLOAD",
		Short: "Propose a payload to a Raft cluster and wait for it to commit",
		Long: `send proposes PAYLOAD (use - to read it from stdin) through the client API
of "rspec node" or "rspec cluster" and prints the index and term it committed
at. It starts at the first --addr; a node that is not the leader names the
leader, and send retries there, learning the other nodes' addresses from the
answers. It retries only when the proposal was certainly not committed; when
the outcome is unknown (the node timed out, stopped or broke the connection
while waiting) it says so and exits 1, as the entry may still commit.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			payload := []byte(args[0])
			if args[0] == "-" {
				b, err := io.ReadAll(cmd.InOrStdin())
				if err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "rspec send: %v\n", err)
					return &exitError{code: exitUsage}
				}
				payload = b
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			c := &proposeClient{http: &http.Client{}}
			for a := range strings.SplitSeq(addrs, ",") {
				c.learn(a)
			}
			index, term, err := c.propose(ctx, payload)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "rspec send: %v\n", err)
				return &exitError{code: exitFailed}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "committed at index %d (term %d)\n", index, term)
			return nil
		},
	}
	cmd.Flags().StringVar(&addrs, "addr", "127.0.0.1:8001", "client API addresses to try, comma-separated")
	cmd.Flags().DurationVar(&timeout, "timeout", 15*time.Second, "give up after this long")
	return cmd
}

// errOutcomeUnknown marks a proposal that may or may not have committed.
var errOutcomeUnknown = errors.New("outcome unknown, the entry may still commit")

// proposeClient proposes through the client API, following redirects to
// the leader.
type proposeClient struct {
	http  *http.Client
	addrs []string // known client API addresses, in the order learnt
}

func (c *proposeClient) learn(addr string) {
	addr = strings.TrimPrefix(strings.TrimSpace(addr), "http://")
	if addr != "" && !slices.Contains(c.addrs, addr) {
		c.addrs = append(c.addrs, addr)
	}
}

// propose sends payload until a node commits it, a node reports an outcome
// it cannot vouch for, or ctx ends. Every retry follows an answer that
// guarantees the earlier attempt did not and will not commit.
func (c *proposeClient) propose(ctx context.Context, payload []byte) (index, term uint64, err error) {
	if len(c.addrs) == 0 {
		return 0, 0, errors.New("no address to send to")
	}
	target, next := c.addrs[0], 1
	var last error
	blind := 0 // refusals in a row naming a leader whose client address is unknown
	for attempt := 0; attempt < 100; attempt++ {
		if attempt > 0 && target == "" {
			target = c.addrs[next%len(c.addrs)]
			next++
			if err := sleepCtx(ctx, 100*time.Millisecond); err != nil {
				return 0, 0, fmt.Errorf("%w (last: %v)", err, last)
			}
		}
		st, code, err := c.post(ctx, target, payload)
		switch {
		case err != nil && errors.Is(err, syscall.ECONNREFUSED):
			last, target = err, "" // nothing was sent
		case err != nil:
			return 0, 0, fmt.Errorf("%s: %v: %w", target, err, errOutcomeUnknown)
		case code == http.StatusOK:
			return st.Index, st.Term, nil
		case code == http.StatusMisdirectedRequest, code == http.StatusServiceUnavailable:
			known := len(c.addrs)
			for _, a := range st.Clients {
				c.learn(a)
			}
			last = fmt.Errorf("%s: %s", target, st.Error)
			target = st.LeaderClient
			if code == http.StatusServiceUnavailable {
				target = "" // no leader yet: wait and go round
				blind = 0
			} else if target == "" && len(c.addrs) == known {
				if blind++; blind >= len(c.addrs) {
					return 0, 0, fmt.Errorf("%v; the leader's client API address is unknown: "+
						"list it in --addr, or start the nodes with --clients", last)
				}
			}
		case code == http.StatusGatewayTimeout, code == http.StatusInternalServerError:
			return 0, 0, fmt.Errorf("%s: %s: %w", target, st.Error, errOutcomeUnknown)
		default:
			return 0, 0, fmt.Errorf("%s: HTTP %d: %s", target, code, st.Error)
		}
	}
	return 0, 0, fmt.Errorf("gave up after 100 attempts (last: %v)", last)
}

// proposeReply is any answer of POST /propose.
type proposeReply struct {
	apiStatus
	Index uint64 `json:"index"`
}

// post sends one proposal and decodes the answer. A response that is not
// JSON is an error only for a 200; others carry what text they have.
func (c *proposeClient) post(ctx context.Context, addr string, payload []byte) (proposeReply, int, error) {
	var st proposeReply
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/propose", bytes.NewReader(payload))
	if err != nil {
		return st, 0, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return st, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return st, 0, err
	}
	if err := json.Unmarshal(body, &st); err != nil {
		if resp.StatusCode == http.StatusOK {
			return st, 0, fmt.Errorf("bad answer %q: %v", body, err)
		}
		st.Error = strings.TrimSpace(string(body))
	}
	return st, resp.StatusCode, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
