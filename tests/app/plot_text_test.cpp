// Numbers as the figures' labels write them (src/app/plot.hpp): plain where plain reads well,
// a raised power of ten elsewhere, never "9e-06" or "7.92e+03".
#include <catch.hpp>
#include <cmath>
#include <string>

#include "app/plot.hpp"

using tide::app::format_value;
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

TEST_CASE("format_value writes a slider's value: %g as plain_number does, other formats as printf") {
    CHECK(format_value("\u03c3 = %.3g", 0.3) == "\u03c3 = 0.3");
    CHECK(format_value("\u03c3 = %.2g", 0.00015) == "\u03c3 = 1.5\u00d710\u207b\u2074");
    CHECK(format_value("%.3g%%", 12.5) == "12.5%");
    CHECK(format_value("split at %.3g cycles/pixel", 0.05) == "split at 0.05 cycles/pixel");
    CHECK(format_value("%.0f pixels/degree", 60.0) == "60 pixels/degree");
    CHECK(format_value("\u03b1 = %.2f", 2.5) == "\u03b1 = 2.50");
    CHECK(format_value("no number", 1.0) == "no number");
}
