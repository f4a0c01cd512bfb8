// Re-exports HDF5's macro constants (which Swift cannot import) as inline functions, plus a few
// helpers that hide differences between HDF5 1.10 and 1.12+ (versioned struct/function names).
#ifndef SOLARTOWER_CHDF5_SHIM_H
#define SOLARTOWER_CHDF5_SHIM_H
#include <hdf5.h>
#include <zlib.h>
#include <stdio.h>
#include <string.h>

static inline hid_t chdf5_p_default(void) { return H5P_DEFAULT; }
static inline hid_t chdf5_s_all(void) { return H5S_ALL; }
static inline hid_t chdf5_t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_t_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_t_c_s1(void) { return H5T_C_S1; }
// File (on-disk) types: little-endian IEEE floats and two's-complement integers.
static inline hid_t chdf5_t_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t chdf5_t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t chdf5_t_std_i32le(void) { return H5T_STD_I32LE; }
static inline hid_t chdf5_t_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t chdf5_p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t chdf5_p_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t chdf5_p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t chdf5_p_dataset_access(void) { return H5P_DATASET_ACCESS; }
static inline hid_t chdf5_p_link_create(void) { return H5P_LINK_CREATE; }
static inline size_t chdf5_variable(void) { return H5T_VARIABLE; }
static inline unsigned chdf5_f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned chdf5_f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_f_acc_rdwr(void) { return H5F_ACC_RDWR; }
/// Silences HDF5's automatic error stack printing (errors are thrown as Swift errors instead).
/// In thread-safe builds the setting is per thread, so call it on the thread making HDF5 calls.
static inline herr_t chdf5_silence_errors(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/// Link type of `name` under `loc` (H5L_TYPE_HARD = 0, SOFT = 1, EXTERNAL = 64), or -1 on error.
static inline int chdf5_link_type(hid_t loc, const char *name) {
    H5L_info_t info;
    if (H5Lget_info(loc, name, &info, H5P_DEFAULT) < 0) return -1;
    return (int)info.type;
}

/// Target path of the soft link `name` under `loc`, written NUL-terminated into `buf`; -1 on error.
static inline int chdf5_soft_link_target(hid_t loc, const char *name, char *buf, size_t len) {
    if (len == 0) return -1;
    if (H5Lget_val(loc, name, buf, len, H5P_DEFAULT) < 0) return -1;
    buf[len - 1] = 0;
    return 0;
}

/// Number of attributes attached to an open object, or -1 on error.
static inline long long chdf5_num_attrs(hid_t obj) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info3(obj, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#else
    H5O_info_t info;
    if (H5Oget_info2(obj, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#endif
    return (long long)info.num_attrs;
}

struct chdf5_error_text { char outer[256]; char inner[256]; unsigned count; };

static herr_t chdf5_error_walker(unsigned n, const H5E_error2_t *err, void *data) {
    struct chdf5_error_text *t = (struct chdf5_error_text *)data;
    const char *desc = (err && err->desc) ? err->desc : "";
    if (n == 0) snprintf(t->outer, sizeof t->outer, "%s", desc);
    snprintf(t->inner, sizeof t->inner, "%s", desc);
    t->count++;
    return 0;
}

/// Writes the current thread's HDF5 error stack as "outermost description (innermost description)"
/// into `buf` (NUL-terminated, at most `len` bytes). Returns the number of stack entries.
static inline unsigned chdf5_error_message(char *buf, size_t len) {
    struct chdf5_error_text t;
    memset(&t, 0, sizeof t);
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, chdf5_error_walker, &t);
    if (len == 0) return t.count;
    if (t.count == 0) buf[0] = 0;
    else if (t.count == 1 || strcmp(t.outer, t.inner) == 0) snprintf(buf, len, "%s", t.outer);
    else snprintf(buf, len, "%s (%s)", t.outer, t.inner);
    return t.count;
}

/// zlib-compresses `n` bytes into a zlib stream (what HDF5's deflate filter writes and reads) with
/// `strategy` (Z_DEFAULT_STRATEGY = 0 is what HDF5 uses; Z_RLE = 3 is faster, any inflate reads it).
/// Returns the compressed size, or 0 when `capacity` (use chdf5_deflate_bound) is too small or zlib fails.
static inline size_t chdf5_deflate(const void *src, size_t n, void *dst, size_t capacity, int level, int strategy) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, 15, 8, strategy) != Z_OK) return 0;
    z.next_in = (Bytef *)src;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)dst;
    z.avail_out = (uInt)capacity;
    int status = deflate(&z, Z_FINISH);
    size_t out = (size_t)z.total_out;
    deflateEnd(&z);
    return status == Z_STREAM_END ? out : 0;
}
static inline size_t chdf5_deflate_bound(size_t n) { return (size_t)compressBound((uLong)n); }
#endif
