#ifndef LOYALNEST_CICU_SHIM_H
#define LOYALNEST_CICU_SHIM_H
// The few ICU functions TerminalUI's Bidi needs, under stable names Swift can call.
//
// ICU renames its entry points per version (ubidi_open → ubidi_open_72) through macros Swift cannot import,
// so each function is declared here under its renamed symbol and wrapped. The ICU type headers are NOT
// included: Foundation on Linux brings its own ICU copy (module _FoundationICU) whose enums (UErrorCode,
// UProperty, ...) have other members, and Swift refuses a module that sees both definitions. So the
// declarations below use plain C types of the same size, and the few enum values used are spelled out;
// ICU keeps the values and signatures of @stable APIs, which all of these are, across versions.
#include <stddef.h>
#include <stdint.h>
#include <unicode/platform.h> // only macros: the version suffix and whether renaming is on

#if U_DISABLE_RENAMING
#define LN_ICU(name) name
#else
#define LN_ICU(name) U_ICU_ENTRY_POINT_RENAME(name)
#endif

typedef struct LNBiDi LNBiDi; // ICU's opaque UBiDi

// ubidi.h, uchar.h, as built into libicuuc. Enums are C ints; UErrorCode fails when > 0.
LNBiDi *LN_ICU(ubidi_open)(void);
void LN_ICU(ubidi_close)(LNBiDi *bidi);
void LN_ICU(ubidi_setPara)(LNBiDi *bidi, const uint16_t *text, int32_t length, uint8_t paraLevel,
                           uint8_t *embeddingLevels, int *error);
int32_t LN_ICU(ubidi_countRuns)(LNBiDi *bidi, int *error);
int LN_ICU(ubidi_getVisualRun)(LNBiDi *bidi, int32_t runIndex, int32_t *logicalStart, int32_t *length);
int32_t LN_ICU(u_charMirror)(int32_t c);
int LN_ICU(u_charDirection)(int32_t c);
int8_t LN_ICU(u_hasBinaryProperty)(int32_t c, int property);

/// UBIDI_DEFAULT_LTR: the paragraph takes the direction of its first strong character, else left to right.
static const uint8_t ln_ubidi_default_ltr = 0xFE;

static inline LNBiDi *ln_ubidi_open(void) { return LN_ICU(ubidi_open)(); }

static inline void ln_ubidi_close(LNBiDi *bidi) { LN_ICU(ubidi_close)(bidi); }

/// `text` must stay valid and unchanged until the next setPara or close: ICU keeps the pointer.
/// Returns 0 on success, else ICU's UErrorCode.
static inline int ln_ubidi_setPara(LNBiDi *bidi, const uint16_t *text, int32_t length, uint8_t paraLevel) {
    int error = 0;
    LN_ICU(ubidi_setPara)(bidi, text, length, paraLevel, NULL, &error);
    return error > 0 ? error : 0;
}

/// The number of runs, or -1 when ICU fails.
static inline int32_t ln_ubidi_countRuns(LNBiDi *bidi) {
    int error = 0;
    int32_t count = LN_ICU(ubidi_countRuns)(bidi, &error);
    return error > 0 ? -1 : count;
}

/// The run at `visualIndex` (runs are numbered left to right on screen): its logical start and length,
/// and whether its characters are displayed right to left (UBIDI_RTL).
static inline int ln_ubidi_visualRunIsRightToLeft(LNBiDi *bidi, int32_t visualIndex, int32_t *logicalStart,
                                                  int32_t *length) {
    return LN_ICU(ubidi_getVisualRun)(bidi, visualIndex, logicalStart, length) == 1 /* UBIDI_RTL */;
}

/// The Bidi_Mirroring_Glyph of `c` (e.g. '(' → ')'), or `c` itself.
static inline int32_t ln_u_charMirror(int32_t c) { return LN_ICU(u_charMirror)(c); }

/// True for scalars whose bidi class can make part of a left-to-right paragraph display right to left:
/// R, AL, the RLE/RLO/RLI controls, and AN (a neutral between Arabic numbers resolves to R: "١(١").
static inline int ln_u_canReorder(int32_t c) {
    switch (LN_ICU(u_charDirection)(c)) {
    case 1:  // U_RIGHT_TO_LEFT
    case 5:  // U_ARABIC_NUMBER
    case 13: // U_RIGHT_TO_LEFT_ARABIC
    case 14: // U_RIGHT_TO_LEFT_EMBEDDING
    case 15: // U_RIGHT_TO_LEFT_OVERRIDE
    case 21: // U_RIGHT_TO_LEFT_ISOLATE
        return 1;
    default:
        return 0;
    }
}

/// True for the invisible bidi formatting characters (LRM, RLM, ALM, embeddings, overrides, isolates).
static inline int ln_u_isBidiControl(int32_t c) {
    return LN_ICU(u_hasBinaryProperty)(c, 2 /* UCHAR_BIDI_CONTROL */) != 0;
}

#endif
