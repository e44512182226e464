import { InvalidParameter } from '../../nodes/shared/parameters';

/** The InvalidParameter a reader throws, or a failure when it throws none. */
export function problemOf(read: () => unknown): InvalidParameter {
	try {
		read();
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidParameter);
		return error as InvalidParameter;
	}
	throw new Error('expected an InvalidParameter');
}
