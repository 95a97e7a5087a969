// The realtime load of bench/realtime.sh: SUBSCRIBERS Server-Sent Events streams spread over the
// instances' URLs, each on one of ROOMS topics (bench/<room>), and RATE messages a second
// published to random rooms through the instances in turn, first WARMUP seconds uncounted (the
// instances' JIT warms up on the realtime paths, as a running service's has), then SECONDS twice:
// latencies are those of the first SECONDS (the load alone), the second leaves the caller time to
// measure something else under the same load. Every message carries its send time and phase; a
// delivery's latency is its arrival time minus that (one process, one clock). Prints
// {"phase":"open",...} once every stream is open (then waits HOLD seconds, for the caller to
// measure memory), {"phase":"second"} when the second half begins, then the results as one line.
//
// Go, standard library only: a load generator that takes a fraction of the CPU a Node.js process
// takes for the same streams, on a machine whose cores it shares with the instances it measures.
//
//	go run ./bench/realtime-load URL[,URL...] SECRET_KEY SUBSCRIBERS ROOMS RATE SECONDS HOLD WARMUP
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

type payload struct {
	T     float64 `json:"t"`
	Phase int     `json:"phase"`
}

type results struct {
	sync.Mutex
	latencies []float64
	// the longest delivery of the messages sent in each second of the first period, for stderr
	slowest map[int64]float64
	// the longest publish answer (its batch committed) of each second of the first period
	slowestPublish map[int64]float64
	delivered      int
	ends           map[string]int
	refusals       map[string]int
	failed         int
}

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}}

func nowMillis() float64 { return float64(time.Now().UnixNano()) / 1e6 }

func main() {
	args := os.Args[1:]
	if len(args) != 8 {
		fmt.Fprintln(os.Stderr, "usage: realtime-load URL[,URL...] SECRET_KEY SUBSCRIBERS ROOMS RATE SECONDS HOLD WARMUP")
		os.Exit(2)
	}
	urls, key := strings.Split(args[0], ","), args[1]
	n := make([]int, 6)
	for i := range n {
		var err error
		if n[i], err = strconv.Atoi(args[2+i]); err != nil || n[i] < 0 || (i <= 1 && n[i] == 0) {
			fmt.Fprintf(os.Stderr, "argument %d (%q): a whole number, above 0 for SUBSCRIBERS and ROOMS\n", 3+i, args[2+i])
			os.Exit(2)
		}
	}
	subscribers, rooms, rate, seconds, hold, warmup := n[0], n[1], n[2], n[3], n[4], n[5]
	r := &results{ends: map[string]int{}, refusals: map[string]int{}, slowest: map[int64]float64{}, slowestPublish: map[int64]float64{}}

	failedOpens := 0
	var bodies []io.Closer
	for i := 0; i < subscribers; i += 100 {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for j := i; j < i+100 && j < subscribers; j++ {
			wg.Add(1)
			go func(j int) {
				defer wg.Done()
				body := subscribe(urls[j%len(urls)], key, j%rooms, r)
				mu.Lock()
				defer mu.Unlock()
				if body == nil {
					failedOpens++
				} else {
					bodies = append(bodies, body)
				}
			}(j)
		}
		wg.Wait()
	}
	printJSON(map[string]any{"phase": "open", "opened": subscribers - failedOpens, "failed": failedOpens})
	time.Sleep(time.Duration(hold) * time.Second)

	warmupMessages := rate * warmup
	total := warmupMessages + rate*seconds*2
	started := time.Now()
	var sends sync.WaitGroup
	published, secondHalf := 0, false
	for published < total {
		due := int(time.Since(started).Seconds() * float64(rate))
		for ; published < due && published < total; published++ {
			phase := 1
			if published < warmupMessages {
				phase = 0
			} else if published >= warmupMessages+rate*seconds {
				phase = 2
			}
			if phase == 2 && !secondHalf {
				secondHalf = true
				printJSON(map[string]any{"phase": "second"})
			}
			sends.Add(1)
			go func(url string, phase int) {
				defer sends.Done()
				publish(url, key, rooms, phase, r)
			}(urls[published%len(urls)], phase)
		}
		time.Sleep(2 * time.Millisecond)
	}
	sends.Wait()
	time.Sleep(2 * time.Second)
	for _, body := range bodies {
		body.Close()
	}

	r.Lock()
	defer r.Unlock()
	sort.Float64s(r.latencies)
	var sent []int64
	for second := range r.slowest {
		sent = append(sent, second)
	}
	sort.Slice(sent, func(i, j int) bool { return sent[i] < sent[j] })
	for _, second := range sent {
		fmt.Fprintf(os.Stderr, "sent at %s: slowest delivery %.1f ms (slowest publish answer %.1f ms)\n",
			time.Unix(second, 0).UTC().Format("15:04:05"), r.slowest[second], r.slowestPublish[second])
	}
	at := func(q float64) string {
		if len(r.latencies) == 0 {
			return "n/a"
		}
		i := int(q * float64(len(r.latencies)))
		if i > len(r.latencies)-1 {
			i = len(r.latencies) - 1
		}
		return strconv.FormatFloat(r.latencies[i], 'f', 1, 64)
	}
	counted := published - warmupMessages
	refusals, _ := json.Marshal(r.refusals)
	ends, _ := json.Marshal(r.ends)
	printJSON(map[string]any{"phase": "done", "published": counted, "failedPublishes": r.failed, "refusals": string(refusals),
		"ends": string(ends), "delivered": r.delivered,
		"expected": float64(counted-r.failed) * float64(subscribers-failedOpens) / float64(rooms), "p50": at(0.5),
		"p99": at(0.99), "max": at(1)})
}

// subscribe opens one stream and reads it until it ends; nil when it was refused.
func subscribe(url, key string, room int, r *results) io.Closer {
	request, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/realtime/stream?topics=bench/%d", url, room), nil)
	request.Header.Set("x-api-key", key)
	request.Header.Set("accept", "text/event-stream")
	response, err := client.Do(request)
	if err != nil {
		return nil
	}
	if response.StatusCode != 200 {
		response.Body.Close()
		return nil
	}
	go read(response.Body, r)
	return response.Body
}

func read(body io.Reader, r *results) {
	lines := bufio.NewScanner(body)
	event := "message"
	for lines.Scan() {
		line := lines.Bytes()
		switch {
		case bytes.HasPrefix(line, []byte("event:")):
			event = strings.TrimSpace(string(line[6:]))
		case bytes.HasPrefix(line, []byte("data:")) && event == "end":
			var end struct{ Error string }
			json.Unmarshal(line[5:], &end)
			r.Lock()
			r.ends[end.Error]++
			r.Unlock()
		case bytes.HasPrefix(line, []byte("data:")):
			var message struct{ Payload payload }
			if json.Unmarshal(line[5:], &message) != nil {
				continue
			}
			latency := nowMillis() - message.Payload.T
			r.Lock()
			if message.Payload.Phase > 0 {
				r.delivered++
			}
			if message.Payload.Phase == 1 {
				r.latencies = append(r.latencies, latency)
				second := int64(message.Payload.T / 1000)
				if latency > r.slowest[second] {
					r.slowest[second] = latency
				}
			}
			r.Unlock()
		case len(line) == 0:
			event = "message"
		}
	}
}

func publish(url, key string, rooms, phase int, r *results) {
	sent := nowMillis()
	body, _ := json.Marshal(map[string]any{"topic": fmt.Sprintf("bench/%d", rand.Intn(rooms)), "payload": payload{T: sent, Phase: phase}})
	request, _ := http.NewRequest("POST", url+"/api/realtime/publish", bytes.NewReader(body))
	request.Header.Set("x-api-key", key)
	request.Header.Set("content-type", "application/json")
	response, err := client.Do(request)
	reason := ""
	if err != nil {
		reason = "connection"
	} else {
		io.Copy(io.Discard, response.Body)
		response.Body.Close()
		if response.StatusCode != 202 {
			reason = strconv.Itoa(response.StatusCode)
		}
	}
	r.Lock()
	defer r.Unlock()
	if took, second := nowMillis()-sent, int64(sent/1000); phase == 1 && took > r.slowestPublish[second] {
		r.slowestPublish[second] = took
	}
	if reason != "" {
		r.refusals[reason]++
		if phase > 0 {
			r.failed++
		}
	}
}

func printJSON(value map[string]any) {
	line, _ := json.Marshal(value)
	fmt.Println(string(line))
}
