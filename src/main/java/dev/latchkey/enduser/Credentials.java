package dev.latchkey.enduser;

/** The body of signup and login. Never logged and never echoed: it holds a password. */
public record Credentials(String email, String password) {

    @Override
    public String toString() {
        return "Credentials[email hidden, password hidden]";
    }
}
