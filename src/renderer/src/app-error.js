/** A failed bridge call. Carries the IpcError as data and when it arrived (for countdowns). */
export class AppError extends Error {
    error;
    receivedAt;
    constructor(error, receivedAt = Date.now()) {
        super(error.code);
        this.name = 'AppError';
        this.error = error;
        this.receivedAt = receivedAt;
    }
    get code() {
        return this.error.code;
    }
    /** ms timestamp until which a retry is pointless, when the error says so */
    get retryAt() {
        return typeof this.error.retryAfter === 'number' ? this.receivedAt + this.error.retryAfter * 1000 : null;
    }
}
/** Anything thrown (bugs included) becomes an AppError so the UI has one shape to show. */
export function toAppError(e) {
    if (e instanceof AppError)
        return e;
    return new AppError({ code: 'INTERNAL' });
}
