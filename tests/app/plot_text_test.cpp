// Numbers as the figures' labels write them (src/app/plot.hpp): plain where plain reads well,
// a raised power of ten elsewhere, never "9e-06" or "7.92e+03".
#include <catch.hpp>
#include <cmath>
#include <string>

#include "app/plot.hpp"

using tide::app::plain_format;
using tide::app::plain_number;
using tide::app::superscript;

TEST_CASE("plain_number writes plain digits between 0.001 and 100,000") {
    CHECK(plain_number(0.046875) == "0.0469");
    CHECK(plain_number(7921.0) == "7920");
    CHECK(plain_number(0.05) == "0.05");
    CHECK(plain_number(2.618289) == "2.62");
    CHECK(plain_number(2.618289, 4) == "2.618");
    CHECK(plain_number(15.0) == "15");
    CHECK(plain_number(0.001) == "0.001");
    CHECK(plain_number(99999.0) == "10\u2075");  // rounds to 100,000: past the plain range
    CHECK(plain_number(-0.25) == "\u22120.25");
    CHECK(plain_number(0.0) == "0");
}

TEST_CASE("plain_number raises the exponent outside that range") {
    CHECK(plain_number(9e-06, 2) == "9\u00d710\u207b\u2076");
    CHECK(plain_number(0.000331) == "3.31\u00d710\u207b\u2074");
    CHECK(plain_number(1.2e6) == "1.2\u00d710\u2076");
    CHECK(plain_number(1e-5) == "10\u207b\u2075");
    CHECK(plain_number(std::nan("")) == "n/a");
}

TEST_CASE("superscript raises digits, minus signs and the decimal point") {
    CHECK(superscript("-2.618") == "\u207b\u00b2\u00b7\u2076\u00b9\u2078");
    CHECK(superscript("\u22123") == "\u207b\u00b3");
    CHECK(superscript("x") == "x");
}

TEST_CASE("plain_format writes a slider's %g value as plain_number does") {
    CHECK(plain_format("\u03c3 = %.3g", 0.3) == "\u03c3 = 0.3");
    CHECK(plain_format("\u03c3 = %.2g", 0.00015) == "\u03c3 = 1.5\u00d710\u207b\u2074");
    CHECK(plain_format("%.3g%", 12.5) == "12.5%%");  // no argument left for ImGui's printf
    CHECK(plain_format("split at %.3g cycles/pixel", 0.05) == "split at 0.05 cycles/pixel");
    CHECK(plain_format("%.0f pixels/degree", 60.0) == "%.0f pixels/degree");
    CHECK(plain_format("no number", 1.0) == "no number");
}
