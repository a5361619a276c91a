// Types the compatibility probe (compat-probe.ts) uses to ask the TypeScript compiler whether code
// written against the old generated types still compiles against the new ones. They look at an
// operation the way a consumer's code does through openapi-fetch: what `params` and `body` accept,
// and what `data` and `error` hold.
import type { FetchResponse, ParamsOption, RequestBodyOption } from "openapi-fetch";

/** Every media type: the Atlas answers are `application/vnd.atlas.<date>+json`, not `.../json`. */
type AnyMediaType = `${string}/${string}`;

/** What a call's `params` must or may hold. */
export type Params<Operation> = ParamsOption<Operation>;

/** What a call's `body` must or may hold (openapi-fetch strips readOnly fields from it). */
export type Body<Operation> = RequestBodyOption<Operation>;

type Outcome<Operation> = FetchResponse<
  Operation extends Record<string | number, any> ? Operation : never,
  {},
  AnyMediaType
>;

/** What `data` holds after a 2xx answer (openapi-fetch strips writeOnly fields from it). */
export type Data<Operation> = Exclude<Outcome<Operation>["data"], undefined>;

/** What `error` holds after any other answer. */
export type Failure<Operation> = Exclude<Outcome<Operation>["error"], undefined>;

/** `"GET /path"` for each operation a generated `paths` interface holds. */
export type OperationNames<Paths> = {
  [P in keyof Paths & string]: {
    [M in keyof Paths[P] & HttpMethod]: [NonNullable<Paths[P][M]>] extends [never]
      ? never
      : `${Uppercase<M>} ${P}`;
  }[keyof Paths[P] & HttpMethod];
}[keyof Paths & string];

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/** The names a generated `components` entry (schemas, parameters, ...) holds; none when it is `never`. */
export type EntryNames<Entries> = [Entries] extends [never] ? never : keyof Entries & string;

type Decrement = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

type IsUnion<T, Whole = T> = T extends unknown ? ([Whole] extends [T] ? false : true) : never;

/** A string literal type that is one value (a discriminator such as `kind: "A"`), else never. */
type OneLiteral<Value> = [Value] extends [string]
  ? string extends Value
    ? never
    : true extends IsUnion<Value>
      ? never
      : Value
  : never;

/**
 * How a member of a union is named in a property path: `{kind=A}` for each property that
 * holds one string literal. Code reads the members of a discriminated union after narrowing on such
 * a property, so a property that one member loses must show as missing even when another member
 * still has it.
 */
type MemberTags<T> = {
  [K in keyof T & string]-?: [OneLiteral<Exclude<T[K], undefined>>] extends [never]
    ? never
    : `{${K}=${OneLiteral<Exclude<T[K], undefined>>}}`;
}[keyof T & string];
type MemberTag<T> = [MemberTags<T>] extends [never] ? "" : MemberTags<T>;

/**
 * Every property path code can name in a value of type T: `.results[].state`,
 * `.body{kind=A}.name`. Old code that names a path the new type lacks no longer compiles
 * (TS2339 when it reads one, TS2353 when an object literal it builds sets one). Depth-limited, so
 * that recursive schemas end.
 */
export type PropertyPaths<T, Prefix extends string = "", Depth extends number = 11> = [Depth] extends [never]
  ? never
  : T extends readonly (infer Item)[]
    ? PropertyPaths<Item, `${Prefix}[]`, Decrement[Depth]>
    : T extends object
      ? ObjectPaths<T, `${Prefix}${MemberTag<T>}`, Depth>
      : never;

type ObjectPaths<T, Prefix extends string, Depth extends number> = {
  // A property typed `never` (a readOnly field in a request body, `header?: never`) is one no code sets.
  [K in keyof T & string]-?: [Exclude<T[K], undefined>] extends [never]
    ? never
    : `${Prefix}.${K}` | PropertyPaths<Exclude<T[K], undefined>, `${Prefix}.${K}`, Decrement[Depth]>;
}[keyof T & string];
