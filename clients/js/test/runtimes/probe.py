# GET <url> with the key, through Python's own urllib; prints the status.
# Run: python3 probe.py <url> <key>
import sys
import urllib.error
import urllib.request

request = urllib.request.Request(sys.argv[1], headers={"x-api-key": sys.argv[2]})
try:
    with urllib.request.urlopen(request) as answer:
        print(answer.status)
except urllib.error.HTTPError as refused:
    print(refused.code)
