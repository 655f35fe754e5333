// libFuzzer harness: the page's parameters as the URL hash brings them (fig=hinge&sigma=0.3
// &image=kde_parrot) through tide::app::App::set, the C++ end of spectralTide.set() and of the
// hash, and App::state_json, which the page hands to JSON.parse.
//
// An input is one hash per line, applied in turn as the page applies a hash (web/tide-page.js:
// URLSearchParams, the last value of a repeated key, "fig" first). Strings reach App::set as
// C strings (Module.ccall), so each ends at its first NUL. Properties checked:
// - state_json() is always valid JSON: an object of strings, numbers, booleans, null and
//   arrays of strings;
// - a rejected set() changes nothing and says why; an accepted one, repeated, is accepted
//   again and changes nothing more;
// - every input starts from the same state: each figure's state as state_json() wrote it at
//   start-up is set back, and must read back the same.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app/app.hpp"
#include "check.hpp"

namespace app = tide::app;

namespace {

/// Dear ImGui's context, which the platform creates before the app (src/platform/main_web.cpp):
/// set() restyles it (theme, presenter, touch). No frame is ever drawn here.
struct ImGuiContextOwner {
    ImGuiContextOwner() { ImGui::CreateContext(); }
    ~ImGuiContextOwner() { ImGui::DestroyContext(); }
    ImGuiContextOwner(const ImGuiContextOwner&) = delete;
    ImGuiContextOwner& operator=(const ImGuiContextOwner&) = delete;
};

using NoTextures = app::NullTextureHost;

using Pairs = std::vector<std::pair<std::string, std::string>>;

/// A strict reader of the flat JSON objects state_json() writes. Values come back in the
/// text form set() takes: strings unquoted, numbers and literals as written, arrays of
/// strings joined with commas (as the page's set() joins arrays). nullopt if not valid JSON.
class FlatJson {
public:
    explicit FlatJson(const std::string& text) : s_(text) {}

    std::optional<Pairs> object() {
        Pairs out;
        if (!eat('{')) return std::nullopt;
        if (!eat('}')) {
            do {
                std::string key, value;
                if (!string(key) || !eat(':') || !value_text(value)) return std::nullopt;
                out.emplace_back(std::move(key), std::move(value));
            } while (eat(','));
            if (!eat('}')) return std::nullopt;
        }
        if (i_ != s_.size()) return std::nullopt;
        return out;
    }

private:
    bool eat(char c) {
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
    bool string(std::string& out) {
        if (!eat('"')) return false;
        while (i_ < s_.size()) {
            const unsigned char c = static_cast<unsigned char>(s_[i_++]);
            if (c == '"') return true;
            if (c < 0x20) return false;  // control characters must be escaped
            if (c != '\\') {
                out += static_cast<char>(c);
                continue;
            }
            if (i_ >= s_.size()) return false;
            const char e = s_[i_++];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    out += e;
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    if (s_.size() - i_ < 4) return false;
                    int v = 0;
                    for (int k = 0; k < 4; ++k) {
                        const int h = hex(s_[i_++]);
                        if (h < 0) return false;
                        v = v * 16 + h;
                    }
                    if (v >= 0x80) return false;  // state_json escapes only control characters
                    out += static_cast<char>(v);
                    break;
                }
                default:
                    return false;
            }
        }
        return false;
    }
    bool number(std::string& out) {
        const std::size_t start = i_;
        eat('-');
        if (eat('0')) {
        } else if (i_ < s_.size() && s_[i_] >= '1' && s_[i_] <= '9') {
            while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
        } else {
            return false;
        }
        if (eat('.')) {
            const std::size_t d = i_;
            while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
            if (i_ == d) return false;
        }
        if (eat('e') || eat('E')) {
            if (!eat('+')) eat('-');
            const std::size_t d = i_;
            while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
            if (i_ == d) return false;
        }
        out = s_.substr(start, i_ - start);
        return true;
    }
    bool literal(const char* word, std::string& out) {
        const std::string w(word);
        if (s_.compare(i_, w.size(), w) != 0) return false;
        i_ += w.size();
        out = w;
        return true;
    }
    bool value_text(std::string& out) {
        if (i_ >= s_.size()) return false;
        switch (s_[i_]) {
            case '"':
                return string(out);
            case 't':
                return literal("true", out);
            case 'f':
                return literal("false", out);
            case 'n':
                return literal("null", out);
            case '[': {
                ++i_;
                if (eat(']')) return true;
                do {
                    std::string item;
                    if (!string(item)) return false;
                    out += (out.empty() ? "" : ",") + item;
                } while (eat(','));
                return eat(']');
            }
            default:
                return number(out);
        }
    }

    const std::string& s_;
    std::size_t i_ = 0;
};

Pairs parse_state(const std::string& json) {
    auto pairs = FlatJson(json).object();
    FUZZ_CHECK(pairs.has_value(), "state_json() is not valid JSON: %s", json.c_str());
    FUZZ_CHECK(!pairs->empty() && pairs->front().first == "fig", "state_json() does not start with fig: %s",
               json.c_str());
    return *pairs;
}

/// application/x-www-form-urlencoded decoding as URLSearchParams does it: '+' is a space,
/// %XX a byte, anything else (a lone or malformed '%' too) itself.
std::string form_decode(const std::string& s) {
    auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// What the page does with location.hash: URLSearchParams, then Object.fromEntries (a
/// repeated key keeps its first place and its last value), then "fig" first.
Pairs hash_params(std::string hash) {
    if (!hash.empty() && hash[0] == '#') hash.erase(0, 1);
    Pairs params;
    std::map<std::string, std::size_t> index;
    std::size_t start = 0;
    while (start <= hash.size()) {
        std::size_t end = hash.find('&', start);
        if (end == std::string::npos) end = hash.size();
        const std::string piece = hash.substr(start, end - start);
        start = end + 1;
        if (piece.empty()) continue;
        const std::size_t eq = piece.find('=');
        std::string key = form_decode(piece.substr(0, eq));
        std::string value = eq == std::string::npos ? "" : form_decode(piece.substr(eq + 1));
        const auto found = index.find(key);
        if (found != index.end()) {
            params[found->second].second = std::move(value);
        } else {
            index.emplace(key, params.size());
            params.emplace_back(std::move(key), std::move(value));
        }
    }
    std::stable_partition(params.begin(), params.end(), [](const auto& p) { return p.first == "fig"; });
    return params;
}

/// A JavaScript string as Module.ccall hands it to C: up to its first NUL.
std::string c_string(const std::string& s) {
    return s.substr(0, s.find('\0'));
}

struct Harness {
    ImGuiContextOwner imgui;
    NoTextures textures;
    app::App app{TIDE_ASSETS_DIR, textures, nullptr};
    std::vector<Pairs> initial;  ///< every figure's state at start-up, fig first

    Harness() {
        const std::string first = parse_state(app.state_json()).front().second;
        std::string figures = app.figures_json();
        for (std::size_t at = figures.find("{\"id\":\""); at != std::string::npos;
             at = figures.find("{\"id\":\"", at + 1)) {
            const std::size_t begin = at + 7, end = figures.find('"', begin);
            FUZZ_CHECK(app.set("fig", figures.substr(begin, end - begin)).ok(), "fig %s",
                       figures.substr(begin, end - begin).c_str());
            initial.push_back(parse_state(app.state_json()));
        }
        FUZZ_CHECK(initial.size() >= 2, "%zu figures: is the corpus in %s?", initial.size(), TIDE_ASSETS_DIR);
        FUZZ_CHECK(app.set("fig", first).ok(), "fig %s", first.c_str());
    }

    /// Sets every figure back to its start-up state, and checks that it reads back so.
    void reset() {
        for (const Pairs& state : initial) {
            (void)app.set("fig", state.front().second);
            for (std::size_t i = 1; i < state.size(); ++i) (void)app.set(state[i].first, state[i].second);
        }
        for (const Pairs& state : initial) {
            (void)app.set("fig", state.front().second);
            FUZZ_CHECK(parse_state(app.state_json()) == state, "figure %s does not read back its start-up state",
                       state.front().second.c_str());
        }
        (void)app.set("fig", initial.front().front().second);
    }

    void set(const std::string& key, const std::string& value) {
        const std::string before = app.state_json();
        const std::string message = app.set(key, value).error();
        const std::string after = app.state_json();
        parse_state(after);
        if (!message.empty()) {
            FUZZ_CHECK(after == before, "rejected set(%s, %s) (%s) changed the state:\n%s\n%s", key.c_str(),
                       value.c_str(), message.c_str(), before.c_str(), after.c_str());
            return;
        }
        const std::string again = app.set(key, value).error();
        FUZZ_CHECK(again.empty(), "set(%s, %s) accepted, then rejected: %s", key.c_str(), value.c_str(), again.c_str());
        FUZZ_CHECK(app.state_json() == after, "set(%s, %s) twice changed the state twice", key.c_str(), value.c_str());
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Harness h;
    h.reset();
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::size_t start = 0;
    while (start <= input.size()) {
        std::size_t end = input.find('\n', start);
        if (end == std::string::npos) end = input.size();
        for (const auto& [key, value] : hash_params(input.substr(start, end - start)))
            h.set(c_string(key), c_string(value));
        start = end + 1;
    }
    return 0;
}
