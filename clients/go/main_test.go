package latchkey

// The packaged Latchkey every test of this package runs against, started through the Java test
// support (./mvnw exec:java@serve-for-clients; package the service first: ./mvnw package -DskipTests),
// and the admin calls that set each test up.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var service struct {
	url, token string
}

func TestMain(m *testing.M) {
	root, _ := filepath.Abs("../..")
	launcher := exec.Command(filepath.Join(root, "mvnw"), "-B", "-q", "-ntp", "exec:java@serve-for-clients")
	launcher.Dir = root
	stdin, _ := launcher.StdinPipe()
	stdout, _ := launcher.StdoutPipe()
	launcher.Stderr = os.Stderr
	if err := launcher.Start(); err != nil {
		panic(err)
	}
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		line := lines.Text()
		if strings.HasPrefix(line, "{") && strings.Contains(line, `"url"`) {
			var started struct{ URL, AdminToken string }
			if err := json.Unmarshal([]byte(line), &started); err != nil {
				panic(err)
			}
			service.url, service.token = started.URL, started.AdminToken
			break
		}
	}
	if service.url == "" {
		panic("the Latchkey launcher exited before it was ready (JAVA_HOME a JDK 21+, the service packaged?)")
	}
	code := m.Run()
	stdin.Close()
	_ = launcher.Wait()
	os.Exit(code)
}

func admin(t *testing.T, method, path string, body interface{}, tenant string) map[string]interface{} {
	t.Helper()
	var payload io.Reader
	if body != nil {
		encoded, _ := json.Marshal(body)
		payload = bytes.NewReader(encoded)
	}
	request, _ := http.NewRequest(method, service.url+path, payload)
	request.Header.Set("authorization", "Bearer "+service.token)
	request.Header.Set("content-type", "application/json")
	if tenant != "" {
		request.Header.Set("x-tenant", tenant)
	}
	answer, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Fatal(err)
	}
	defer answer.Body.Close()
	text, _ := io.ReadAll(answer.Body)
	if answer.StatusCode >= 300 {
		t.Fatalf("%s %s answered %d: %s", method, path, answer.StatusCode, text)
	}
	var parsed map[string]interface{}
	_ = json.Unmarshal(text, &parsed)
	return parsed
}

type application struct {
	id, tenant, secret, publishable, testSecret string
}

func newApplication(t *testing.T) application {
	tenant := fmt.Sprintf("go-%d", time.Now().UnixNano())
	admin(t, "POST", "/api/v1/tenants", map[string]string{"id": tenant, "name": "Go"}, "")
	app := admin(t, "POST", "/api/v1/applications", map[string]interface{}{"name": "Go client",
		"allowed_origins": []string{"https://app.example.com"}}, tenant)
	id := app["id"].(string)
	admin(t, "PATCH", "/api/v1/applications/"+id, map[string]interface{}{"scopes": []string{"links:read", "links:write"}}, tenant)
	keys := app["keys"].(map[string]interface{})
	live, test := keys["live"].(map[string]interface{}), keys["test"].(map[string]interface{})
	return application{id, tenant, live["secret_key"].(string), live["publishable_key"].(string), test["secret_key"].(string)}
}

func (a application) newKey(t *testing.T, fields map[string]interface{}) string {
	body := map[string]interface{}{"name": fmt.Sprintf("key %d", time.Now().UnixNano()), "environment": "live"}
	for name, value := range fields {
		body[name] = value
	}
	return admin(t, "POST", "/api/v1/applications/"+a.id+"/keys", body, a.tenant)["secret_key"].(string)
}

func newClient(t *testing.T, key string, options ...Option) *Client {
	t.Helper()
	client, err := New(key, service.url, options...)
	if err != nil {
		t.Fatal(err)
	}
	return client
}
