import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError } from '../app-error';
/**
 * Runs one async operation at a time with a loading flag and a typed error.
 * Resolves to the result, or undefined when it failed (the error is in state).
 */
export function useAction(fn, options = {}) {
    const [loading, setLoading] = useState(false);
    const [error, setError] = useState(null);
    const fnRef = useRef(fn);
    const onErrorRef = useRef(options.onError);
    const mounted = useRef(true);
    useEffect(() => {
        fnRef.current = fn;
        onErrorRef.current = options.onError;
    });
    useEffect(() => {
        mounted.current = true;
        return () => {
            mounted.current = false;
        };
    }, []);
    const run = useCallback(async (...args) => {
        setLoading(true);
        setError(null);
        try {
            return await fnRef.current(...args);
        }
        catch (e) {
            const err = toAppError(e);
            if (mounted.current) {
                setError(err);
                onErrorRef.current?.(err);
            }
            return undefined;
        }
        finally {
            if (mounted.current)
                setLoading(false);
        }
    }, []);
    return { run, loading, error, setError };
}
