// GET <url> with the key, through Go's own net/http; prints the status.
// Run: go run probe.go <url> <key>
package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	request, err := http.NewRequest("GET", os.Args[1], nil)
	if err != nil {
		panic(err)
	}
	request.Header.Set("x-api-key", os.Args[2])
	answer, err := http.DefaultClient.Do(request)
	if err != nil {
		panic(err)
	}
	defer answer.Body.Close()
	fmt.Println(answer.StatusCode)
}
