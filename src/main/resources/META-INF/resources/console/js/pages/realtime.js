import { html, nothing } from 'lit';
import { Page } from '../ui.js';
import { api } from '../api.js';

const ACCESS = [['none', 'No one'], ['user', 'Signed-in users'], ['public', 'Anyone with the publishable key']];

/** The application's realtime topic rules: an ordered list, the first covering rule decides. */
class Realtime extends Page {
    static properties = { app: { type: Object }, rules: { state: true }, saved: { state: true } };

    willUpdate(changed) {
        if (changed.has('app') && this.app) {
            this.rules = (this.app.realtime_rules || []).map((rule) => ({ ...rule }));
        }
    }

    change(index, field) {
        return (e) => {
            this.rules = this.rules.map((rule, i) => (i === index ? { ...rule, [field]: e.target.value } : rule));
            this.saved = null;
        };
    }

    add() {
        this.rules = [...this.rules, { pattern: '', publish: 'none', subscribe: 'public' }];
        this.saved = null;
    }

    remove(index) {
        this.rules = this.rules.filter((_, i) => i !== index);
        this.saved = null;
    }

    moveUp(index) {
        const rules = [...this.rules];
        [rules[index - 1], rules[index]] = [rules[index], rules[index - 1]];
        this.rules = rules;
        this.saved = null;
    }

    async save(e) {
        e.preventDefault();
        const app = await this.run(() => api('PATCH', `/api/v1/applications/${this.app.id}`,
            { realtime_rules: this.rules.map(({ pattern, publish, subscribe }) => ({ pattern: pattern.trim(), publish, subscribe })) }));
        if (app) {
            this.saved = 'Saved: new streams and every publish follow these rules on every instance.';
            this.dispatchEvent(new CustomEvent('app-changed', { detail: app }));
        }
    }

    select(index, field, label) {
        return html`<select aria-label="${label} of rule ${index + 1}" @change=${this.change(index, field)}>
            ${ACCESS.map(([value, text]) => html`<option value=${value} ?selected=${this.rules[index][field] === value}>${text}</option>`)}
        </select>`;
    }

    render() {
        if (!this.app || !this.rules) {
            return nothing;
        }
        return html`<form class="stack card" @submit=${this.save}>
            <p>Who may subscribe to and publish on which topics with the publishable key. Patterns are MQTT-style:
                <code>+</code> one level, <code>#</code> the rest, <code>{user_id}</code> the signed-in user's id.
                The <strong>first</strong> rule covering a whole topic or subscription decides; none covering it refuses.
                Secret keys are not held to these rules.</p>
            ${this.rules.length ? html`<table>
                <thead><tr><th scope="col">Order</th><th scope="col">Pattern</th><th scope="col">Subscribe</th><th scope="col">Publish</th>
                    <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
                <tbody>${this.rules.map((rule, i) => html`<tr>
                    <td>${i + 1}</td>
                    <td><input aria-label="Pattern of rule ${i + 1}" required maxlength="256" placeholder="rooms/+"
                        .value=${rule.pattern} @input=${this.change(i, 'pattern')}></td>
                    <td>${this.select(i, 'subscribe', 'Subscribe')}</td>
                    <td>${this.select(i, 'publish', 'Publish')}</td>
                    <td class="row">
                        ${i > 0 ? html`<button type="button" @click=${() => this.moveUp(i)} aria-label="Move rule ${i + 1} up">Up</button>` : nothing}
                        <button type="button" class="danger" @click=${() => this.remove(i)} aria-label="Remove rule ${i + 1}">Remove</button></td>
                </tr>`)}</tbody></table>` : html`<p>No rules: publishable keys can neither subscribe to topics nor publish.</p>`}
            ${this.status('Saving…')}
            ${this.saved && !this.error ? html`<p class="notice" role="status">${this.saved}</p>` : nothing}
            <div class="row"><button type="button" @click=${this.add}>Add rule</button>
                <button class="primary" type="submit" ?disabled=${this.loading}>Save rules</button></div>
        </form>`;
    }
}
customElements.define('lk-realtime', Realtime);
